/* Meeting mode keys (dashboard/pages/rapat.py): Right/PageDown = next slide, Left/PageUp =
   previous, Home = first, P = auto-advance on/off, T = light/dark theme.  Served from
   /assets (no inline script); each key clicks or sets the matching on-screen control. */
(function () {
  "use strict";
  var BUTTONS = {
    ArrowRight: "rapat-next",
    PageDown: "rapat-next",
    ArrowLeft: "rapat-prev",
    PageUp: "rapat-prev",
    p: "rapat-auto",
    P: "rapat-auto",
    t: "rapat-theme",
    T: "rapat-theme"
  };

  function pickFirst() {
    var picker = document.getElementById("rapat-picker");
    if (!picker || picker.value === "0") {
      return false;
    }
    // A React-controlled <select>: set the value through the native setter, then notify.
    var setter = Object.getOwnPropertyDescriptor(HTMLSelectElement.prototype, "value").set;
    setter.call(picker, "0");
    picker.dispatchEvent(new Event("change", { bubbles: true }));
    return true;
  }

  document.addEventListener("keydown", function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey || !document.getElementById("rapat-page")) {
      return;
    }
    var focused = document.activeElement;
    if (focused && (focused.tagName === "INPUT" || focused.tagName === "TEXTAREA" ||
        focused.tagName === "SELECT" || focused.isContentEditable)) {
      return;
    }
    if (event.key === "Home") {
      if (pickFirst()) {
        event.preventDefault();
      }
      return;
    }
    var button = document.getElementById(BUTTONS[event.key] || "");
    if (button) {
      event.preventDefault();
      button.click();
    }
  });
})();
