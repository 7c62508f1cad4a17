/*
 * fireportal reading tools (overrides/main.html, block `content`):
 * print, and a font size kept in localStorage under "fireportal.fontsize"
 * (-1 … 3; 0 is the default). The saved size is applied in <head> before
 * the first paint (block `extrahead`); this file wires the buttons.
 * Plain ES5, no network, works from file://.
 */
(function () {
  "use strict";

  var KEY = "fireportal.fontsize";
  var MIN = -1;
  var MAX = 3;
  var root = document.documentElement;

  function current() {
    var value = parseInt(root.getAttribute("data-fp-size") || "0", 10);
    return isNaN(value) ? 0 : value;
  }

  function apply(size) {
    size = Math.max(MIN, Math.min(MAX, size));
    if (size === 0) root.removeAttribute("data-fp-size");
    else root.setAttribute("data-fp-size", String(size));
    try {
      if (size === 0) localStorage.removeItem(KEY);
      else localStorage.setItem(KEY, String(size));
    } catch (err) { /* storage off: the size still holds for this page */ }
    sync();
  }

  function sync() {
    var size = current();
    document.querySelectorAll("button[data-fp-step]").forEach(function (button) {
      var step = parseInt(button.getAttribute("data-fp-step"), 10);
      button.disabled = (step < 0 && size <= MIN) || (step > 0 && size >= MAX);
      if (step === 0) button.setAttribute("aria-pressed", size === 0 ? "true" : "false");
    });
  }

  document.querySelectorAll("button[data-fp-step]").forEach(function (button) {
    button.addEventListener("click", function () {
      var step = parseInt(button.getAttribute("data-fp-step"), 10);
      apply(step === 0 ? 0 : current() + step);
    });
  });
  document.querySelectorAll("[data-fp-print]").forEach(function (button) {
    button.addEventListener("click", function () { window.print(); });
  });
  sync();
})();
