// Behaviour every page may use, kept out of the templates: the Content Security Policy allows no inline scripts.
(function () {
  "use strict";
  // Progress bars take their width from data-progress (a number from 0 to 100).
  document.querySelectorAll("[data-progress]").forEach(function (bar) {
    var value = parseFloat(bar.getAttribute("data-progress"));
    if (!isNaN(value)) { bar.style.width = Math.max(0, Math.min(100, value)) + "%"; }
  });
  // Buttons that print the page.
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.addEventListener("click", function () { window.print(); });
  });
})();
