/* Print buttons: shown only where JavaScript can press Print for you.
 * Without it the button stays hidden and the page still prints from the
 * browser's own Print command, which the page's words mention. */
(function () {
  "use strict";

  function start() {
    Array.prototype.forEach.call(
      document.querySelectorAll("[data-print]"),
      function (button) {
        button.hidden = false;
        button.addEventListener("click", function () {
          window.print();
        });
      }
    );
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
