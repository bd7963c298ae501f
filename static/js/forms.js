// A form that is being sent cannot be sent again: its submit buttons are disabled until the
// answer arrives (the server also saves a form page once: accounts/once.py). The buttons are
// disabled after the submit event, so the clicked button's name and value are still sent, and
// enabled again when the page is shown from the back-forward cache.
(function () {
  "use strict";
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (event.defaultPrevented || (form.method || "").toLowerCase() !== "post") {
      return;
    }
    form.setAttribute("aria-busy", "true");
    window.setTimeout(function () {
      form.querySelectorAll("button[type=submit], button:not([type]), input[type=submit]")
        .forEach(function (button) {
          if (!button.disabled) {
            button.disabled = true;
            button.setAttribute("data-sending", "");
          }
        });
    }, 0);
  });
  window.addEventListener("pageshow", function () {
    document.querySelectorAll("form[aria-busy=true]").forEach(function (form) {
      form.removeAttribute("aria-busy");
    });
    document.querySelectorAll("[data-sending]").forEach(function (button) {
      button.disabled = false;
      button.removeAttribute("data-sending");
    });
  });
})();
