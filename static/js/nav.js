// The header's disclosures (the "Menu" button on small screens, the account menu) are <details>
// elements and work without this file. With it, Escape closes the one that holds the focus and
// returns the focus to its button, and a click elsewhere closes the account menu, as menus do.
(function () {
  "use strict";
  var SELECTOR = ".site-header details[open]";

  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") {
      return;
    }
    var around = Array.prototype.filter.call(document.querySelectorAll(SELECTOR), function (d) {
      return d.contains(document.activeElement);
    });
    if (!around.length) {
      return;
    }
    var innermost = around[around.length - 1];
    innermost.open = false;
    innermost.querySelector("summary").focus();
  });

  document.addEventListener("click", function (event) {
    document.querySelectorAll(".account-menu[open]").forEach(function (menu) {
      if (!menu.contains(event.target)) {
        menu.open = false;
      }
    });
  });
})();
