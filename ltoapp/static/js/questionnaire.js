/* On a small screen, show the questionnaire one question at a time (its
   columns and comment together), with "Question 3 of 10", Back and Next, and
   a last page to check the answers and send them. It only shows and hides
   parts of the one form: on a wide screen, or without this script, the whole
   form is on one page and sends the same way. */
(function () {
  "use strict";

  var SMALL_SCREEN = "(max-width: 40em)";

  function element(tag, className, text) {
    var made = document.createElement(tag);
    if (className) {
      made.className = className;
    }
    if (text) {
      made.textContent = text;
    }
    return made;
  }

  function button(text, className) {
    var made = element("button", className, text);
    made.type = "button";
    return made;
  }

  function setUp(form) {
    var questions = Array.prototype.slice.call(form.querySelectorAll("fieldset.question"));
    var other = form.querySelector(".questionnaire__other");
    var status = document.getElementById(form.getAttribute("data-autosave-status"));
    if (!questions.length) {
      return;
    }

    var check = element("section", "panel questionnaire__check");
    check.setAttribute("aria-labelledby", "check-heading");
    check.hidden = true;
    var checkHeading = element("h2", "", "Check your answers, then send them");
    checkHeading.id = "check-heading";
    var checkList = element("dl", "summary-list check-list");
    check.appendChild(checkHeading);
    check.appendChild(checkList);
    form.insertBefore(check, status || form.lastElementChild);

    var pages = questions.concat(other ? [other] : []).concat([check]);
    var progress = element("p", "questionnaire__progress");
    progress.id = "questionnaire-progress";
    progress.tabIndex = -1;
    var nav = element("div", "step-nav questionnaire__nav");
    var next = button("Next", "button");
    var back = button("Back", "button button--secondary");
    nav.appendChild(next);
    nav.appendChild(back);
    var current = 0;
    var stepped = false;

    function pageOf(target) {
      for (var i = 0; i < pages.length; i += 1) {
        if (pages[i].contains(target)) {
          return i;
        }
      }
      return -1;
    }

    function chosen(name) {
      var picked = form.querySelector("input[name=\"" + name + "\"]:checked");
      if (!picked) {
        return null;
      }
      var label = form.querySelector("label[for=\"" + picked.id + "\"]");
      return label ? label.textContent.trim() : picked.value;
    }

    function fillCheck() {
      checkList.textContent = "";
      questions.forEach(function (question, index) {
        var row = element("div");
        var term = element("dt", "", "Question " + question.getAttribute("data-question"));
        var legend = question.querySelector(".question__statement");
        var statement = element("span", "hint check-list__statement", legend ? legend.textContent.replace(/^\s*\d+\.\s*/, "").trim() : "");
        term.appendChild(element("br"));
        term.appendChild(statement);
        var answer = element("dd");
        var required = (question.getAttribute("data-required") || "").split(" ").filter(Boolean);
        var missing = required.filter(function (name) { return chosen(name) === null; });
        var parts = [];
        Array.prototype.forEach.call(question.querySelectorAll("fieldset.scale"), function (scale) {
          var input = scale.querySelector("input");
          if (!input) {
            return;
          }
          var column = input.name.slice(input.name.lastIndexOf("-") + 1);
          parts.push(column + ": " + (chosen(input.name) || "–"));
        });
        answer.textContent = parts.join(" · ");
        if (missing.length) {
          var warning = element("strong", "check-list__missing", "Not answered yet");
          answer.appendChild(element("br"));
          answer.appendChild(warning);
        }
        var change = element("dd", "check-list__change");
        var changeButton = button("Change", "link-button");
        changeButton.appendChild(element("span", "visually-hidden", " question " + question.getAttribute("data-question")));
        changeButton.addEventListener("click", function () { show(index, true); });
        change.appendChild(changeButton);
        row.appendChild(term);
        row.appendChild(answer);
        row.appendChild(change);
        checkList.appendChild(row);
      });
    }

    function label(index) {
      if (index < questions.length) {
        return "Question " + questions[index].getAttribute("data-question") + " of " + questions.length;
      }
      return pages[index] === check ? "Check and send" : "Anything else";
    }

    function show(index, focus) {
      current = Math.max(0, Math.min(index, pages.length - 1));
      pages.forEach(function (page, i) {
        page.classList.toggle("is-current", i === current);
      });
      Array.prototype.forEach.call(form.querySelectorAll(".question-group"), function (group) {
        group.classList.toggle("is-current", group.contains(pages[current]));
      });
      if (pages[current] === check) {
        fillCheck();
      }
      form.classList.toggle("questionnaire--last", current === pages.length - 1);
      progress.textContent = label(current);
      back.hidden = current === 0;
      next.hidden = current === pages.length - 1;
      next.textContent = current === pages.length - 2 ? "Check your answers" : "Next";
      if (focus) {
        progress.focus();
        progress.scrollIntoView({ block: "start" });
      }
    }

    function enable() {
      stepped = true;
      check.hidden = false;
      pages.forEach(function (page) { page.setAttribute("data-page", ""); });
      form.classList.add("questionnaire--stepped");
      form.insertBefore(progress, form.querySelector(".question-group"));
      form.insertBefore(nav, check.nextSibling);
      var firstError = form.querySelector(".field--error");
      show(firstError ? pageOf(firstError) : 0, false);
    }

    function disable() {
      stepped = false;
      check.hidden = true;
      form.classList.remove("questionnaire--stepped", "questionnaire--last");
      if (progress.parentNode) {
        progress.parentNode.removeChild(progress);
      }
      if (nav.parentNode) {
        nav.parentNode.removeChild(nav);
      }
    }

    next.addEventListener("click", function () { show(current + 1, true); });
    back.addEventListener("click", function () { show(current - 1, true); });

    // A link in the error summary opens the page its field is on.
    document.addEventListener("click", function (event) {
      var link = event.target.closest ? event.target.closest("[data-error-summary] a[href^='#']") : null;
      if (!stepped || !link) {
        return;
      }
      var target = document.getElementById(link.getAttribute("href").slice(1));
      if (target && pageOf(target) >= 0) {
        show(pageOf(target), false);
      }
    });

    var small = window.matchMedia(SMALL_SCREEN);
    function follow() {
      if (small.matches && !stepped) {
        enable();
      } else if (!small.matches && stepped) {
        disable();
      }
    }
    follow();
    if (small.addEventListener) {
      small.addEventListener("change", follow);
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    if (!window.matchMedia || !document.documentElement.classList) {
      return;
    }
    Array.prototype.forEach.call(document.querySelectorAll("form.questionnaire"), setUp);
  });
})();
