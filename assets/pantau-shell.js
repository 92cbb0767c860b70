/* The shell's clientside callbacks (dashboard/callbacks/shell.py): the folded navbar and the
   filter panel open and close in the browser, without a server round trip. */
(function () {
  "use strict";
  window.dash_clientside = window.dash_clientside || {};
  window.dash_clientside.pantau = {
    toggleCollapse: function (clicks, open) {
      return !open;
    },
    toggleOffcanvas: function (openClicks, closeClicks, className) {
      var triggered = window.dash_clientside.callback_context.triggered.map(function (t) {
        return t.prop_id;
      });
      var classes = (className || "").split(" ").filter(function (c) {
        return c && c !== "show";
      });
      if (triggered.indexOf("shell-filters-open.n_clicks") !== -1) {
        classes.push("show");
      }
      return classes.join(" ");
    }
  };
  // Escape closes the filter panel, as a dialog would.
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") {
      return;
    }
    var panel = document.getElementById("shell-offcanvas");
    var close = document.getElementById("shell-filters-close");
    if (panel && close && panel.classList.contains("show")) {
      close.click();
    }
  });
})();
