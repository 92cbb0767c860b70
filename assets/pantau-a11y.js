/* Accessibility gaps of Dash's own components, closed in the browser:
   - <html lang> follows the page's language (?lang=, Indonesian by default);
   - Dash 4 dropdowns put an aria-hidden input in the tab order (it only forwards focus to
     the dropdown's button, which is focusable itself): taken out of the tab order;
   - dcc.Upload's file input has no label: named after the upload area's text;
   - a table or card that scrolls sideways can be reached and scrolled with the keyboard;
   - the table pager's buttons are named (names from the catalogue, in #shell-a11y-names). */
(function () {
  "use strict";
  var lang = new URLSearchParams(window.location.search).get("lang") === "en" ? "en" : "id";
  var SCROLLERS =
    ".card-body, .card-body > div, .table-responsive, .dash-table-container, " +
    ".dash-spreadsheet-container";

  function scrolls(element) {
    var style = getComputedStyle(element);
    var x = /(auto|scroll)/.test(style.overflowX) && element.scrollWidth > element.clientWidth;
    var y = /(auto|scroll)/.test(style.overflowY) && element.scrollHeight > element.clientHeight;
    return x || y;
  }

  function patch() {
    document.documentElement.lang = lang;
    document.querySelectorAll(".dash-dropdown-focus-target").forEach(function (input) {
      if (input.tabIndex !== -1) {
        input.tabIndex = -1;
      }
    });
    document.querySelectorAll("input[type=file]:not([aria-label])").forEach(function (input) {
      var area = input.parentElement;
      var text = area && area.textContent.trim();
      input.setAttribute("aria-label", text || "file");
    });
    var names = document.getElementById("shell-a11y-names");
    if (names) {
      ["first-page", "previous-page", "next-page", "last-page"].forEach(function (button) {
        var name = names.getAttribute("data-" + lang + "-" + button);
        document.querySelectorAll("button." + button + ":not([aria-label])").forEach(
          function (element) {
            element.setAttribute("aria-label", name);
          }
        );
      });
    }
    document.querySelectorAll(SCROLLERS).forEach(function (element) {
      if (!element.hasAttribute("tabindex") && scrolls(element)) {
        element.tabIndex = 0;
      }
    });
  }

  var queued = false;
  function schedule() {
    if (!queued) {
      queued = true;
      window.requestAnimationFrame(function () {
        queued = false;
        patch();
      });
    }
  }
  document.documentElement.lang = lang;
  document.addEventListener("DOMContentLoaded", function () {
    patch();
    new MutationObserver(schedule).observe(document.body, { childList: true, subtree: true });
    window.addEventListener("resize", schedule);
  });
})();
