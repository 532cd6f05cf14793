/* Save a questionnaire as the person fills it in, so a reload or a dropped
   connection loses nothing. The server keeps it as a draft and puts it back
   into the form next time; sending the form works as before without this. */
(function () {
  "use strict";

  var DELAY = 700;

  function setUp(form) {
    var url = form.getAttribute("data-autosave");
    var status = document.getElementById(form.getAttribute("data-autosave-status"));
    var timer = null;
    var sending = false;
    var again = false;
    var submitted = false;

    function say(message) {
      if (status && status.textContent !== message) {
        status.textContent = message;
      }
    }

    function send() {
      timer = null;
      if (submitted) {
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
          say("Not saved: check your connection. Your answers are still on this page.");
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
      if (timer) {
        window.clearTimeout(timer);
      }
      timer = window.setTimeout(send, DELAY);
    }

    form.addEventListener("change", schedule);
    form.addEventListener("input", schedule);
    form.addEventListener("submit", function () {
      submitted = true;
      if (timer) {
        window.clearTimeout(timer);
      }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    if (!window.fetch || !window.FormData) {
      return;
    }
    Array.prototype.forEach.call(document.querySelectorAll("form[data-autosave]"), setUp);
  });
})();
