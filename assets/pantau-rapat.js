/* Meeting mode keys: Right/PageDown = next slide, Left/PageUp = previous slide.
   Served from /assets (no inline script); it clicks the slide buttons of /rapat. */
(function () {
  "use strict";
  var KEYS = { ArrowRight: "rapat-next", PageDown: "rapat-next", ArrowLeft: "rapat-prev", PageUp: "rapat-prev" };
  document.addEventListener("keydown", function (event) {
    var target = KEYS[event.key];
    if (!target || event.altKey || event.ctrlKey || event.metaKey) {
      return;
    }
    var focused = document.activeElement;
    if (focused && (focused.tagName === "INPUT" || focused.tagName === "TEXTAREA" || focused.isContentEditable)) {
      return;
    }
    var button = document.getElementById(target);
    if (button) {
      event.preventDefault();
      button.click();
    }
  });
})();
