/* Save a questionnaire as the person fills it in, so a reload or a dropped
   connection loses nothing.

   Every change is kept at once in this browser (localStorage), then sent to
   the server as a draft. When the connection drops, the page says so and
   keeps the answers here; pressing Send while offline holds the answers and
   sends them when the connection comes back. Reopened later, the page puts
   back what was typed. Without this script the form works as before. */
(function () {
  "use strict";

  var DELAY = 700;
  var OFFLINE = "You are offline. Your answers are kept on this phone and will be sent when the connection comes back.";
  var HELD = "You are offline, so your answers are not sent yet. They will be sent as soon as the connection comes back. If you close this page, they stay on this phone.";

  function storage() {
    try {
      return window.localStorage;
    } catch (error) {
      return null; // Blocked (private browsing, settings): the server draft remains.
    }
  }

  function read(key) {
    var store = storage();
    if (!store || !key) {
      return null;
    }
    try {
      return JSON.parse(store.getItem(key));
    } catch (error) {
      return null;
    }
  }

  function write(key, value) {
    var store = storage();
    if (!store || !key) {
      return;
    }
    try {
      store.setItem(key, JSON.stringify(value));
    } catch (error) {
      // Full: the server draft and the page still hold the answers.
    }
  }

  function forget(key) {
    var store = storage();
    if (store && key) {
      store.removeItem(key);
    }
  }

  /* What the form holds: each chosen rating and every text box. */
  function snapshot(form) {
    var answers = {};
    Array.prototype.forEach.call(form.elements, function (element) {
      if (!element.name || element.name === "csrf_token") {
        return;
      }
      if (element.type === "radio") {
        if (element.checked) {
          answers[element.name] = element.value;
        }
      } else if (element.tagName === "TEXTAREA") {
        answers[element.name] = element.value;
      }
    });
    return answers;
  }

  /* Put kept answers back; return whether anything on the page changed. */
  function restore(form, answers) {
    var changed = false;
    Object.keys(answers).forEach(function (name) {
      var value = answers[name];
      var fields = form.querySelectorAll("[name=\"" + name.replace(/"/g, "") + "\"]");
      Array.prototype.forEach.call(fields, function (field) {
        if (field.type === "radio") {
          if (field.value === value && !field.checked) {
            field.checked = true;
            changed = true;
          }
        } else if (field.tagName === "TEXTAREA" && field.value !== value) {
          field.value = value;
          changed = true;
        }
      });
    });
    return changed;
  }

  function setUp(form) {
    var url = form.getAttribute("data-autosave");
    var key = form.getAttribute("data-draft-key");
    var status = document.getElementById(form.getAttribute("data-autosave-status"));
    var timer = null;
    var sending = false;
    var again = false;
    var submitted = false;
    var held = false;

    function say(message) {
      if (status && status.textContent !== message) {
        status.textContent = message;
      }
    }

    function keep(isBeingSent) {
      write(key, { answers: snapshot(form), sending: isBeingSent, at: Date.now() });
    }

    function send() {
      timer = null;
      if (submitted) {
        return;
      }
      if (!navigator.onLine) {
        say(held ? HELD : OFFLINE);
        return;
      }
      if (sending) {
        again = true;
        return;
      }
      sending = true;
      // FormData carries the form's CSRF token with the answers.
      window.fetch(url, {
        method: "POST",
        body: new FormData(form),
        credentials: "same-origin",
        headers: { Accept: "application/json" }
      })
        .then(function (response) {
          if (response.ok) {
            say("Your answers so far are saved.");
          } else if (response.status === 409) {
            say("This review takes no more answers.");
          } else {
            say("Not saved yet. Your answers are still on this page.");
          }
        })
        .catch(function () {
          say(OFFLINE);
        })
        .then(function () {
          sending = false;
          if (again) {
            again = false;
            send();
          }
        });
    }

    function schedule() {
      keep(false);
      if (timer) {
        window.clearTimeout(timer);
      }
      timer = window.setTimeout(send, DELAY);
    }

    function sendTheForm() {
      submitted = true;
      keep(true);
      form.submit();
    }

    var kept = read(key);
    if (kept && kept.sending && form.getAttribute("data-has-response") === "yes") {
      forget(key); // Sent last time: the page shows what the server has.
    } else if (kept && kept.answers && restore(form, kept.answers)) {
      say("The answers you typed on this phone are back in the form.");
      if (url) {
        timer = window.setTimeout(send, DELAY);
      }
    }

    form.addEventListener("change", schedule);
    form.addEventListener("input", schedule);
    form.addEventListener("submit", function (event) {
      if (timer) {
        window.clearTimeout(timer);
      }
      if (!navigator.onLine) {
        event.preventDefault();
        held = true;
        keep(false);
        say(HELD);
        return;
      }
      submitted = true;
      keep(true);
    });
    window.addEventListener("offline", function () {
      say(held ? HELD : OFFLINE);
    });
    window.addEventListener("online", function () {
      if (held) {
        held = false;
        say("The connection is back. Sending your answers now.");
        sendTheForm();
      } else {
        say("The connection is back.");
        if (url) {
          send();
        }
      }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    Array.prototype.forEach.call(document.querySelectorAll("[data-forget-draft]"), function (element) {
      forget(element.getAttribute("data-forget-draft"));
    });
    if (!window.fetch || !window.FormData) {
      return;
    }
    Array.prototype.forEach.call(document.querySelectorAll("form[data-autosave]"), setUp);
  });
})();
