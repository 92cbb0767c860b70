/* Chart PNGs that say what they show (issue #10): plotly's own "download as PNG" saves the
   chart as drawn, so a picture passed on loses its title, period and source.  Every chart's
   config (dashboard/layout.py graph_config) removes that button; this one takes its place
   and saves a copy of the figure with a band above it: the chart's title (the heading of
   its card, as on screen) and the lines the server wrote into #shell-chart-context
   (period and source, data release or live data, DATA SINTETIS).  The chart on screen is
   not touched.  window.pantauPng.figure(gd) is the copy, for tests. */
(function () {
  "use strict";
  var CONTEXT_ID = "shell-chart-context";
  var NAME = "pantauPng";
  var TITLE_PX = 18;
  var LINE_PX = 14;
  var LINE_HEIGHT = 1.35;
  var PAD_PX = 10;

  function context() {
    var element = document.getElementById(CONTEXT_ID);
    var lines = [];
    try {
      lines = JSON.parse((element && element.getAttribute("data-lines")) || "[]");
    } catch (error) {
      lines = [];
    }
    return { lines: lines, button: (element && element.getAttribute("data-button")) || "" };
  }

  function escape(text) {
    return String(text).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  }

  function ownTitle(layout) {
    var title = layout && layout.title;
    return typeof title === "string" ? title : (title && title.text) || "";
  }

  function chartTitle(gd) {
    var card = gd.closest(".card");
    var heading = card && card.querySelector(".card-header");
    var text = heading ? heading.textContent.trim() : "";
    return text || ownTitle(gd.layout).replace(/<[^>]*>/g, "") || document.title;
  }

  /* A context line cut at spaces so that it fits ``width`` px (plotly does not wrap). */
  function wrap(line, width) {
    var most = Math.max(20, Math.floor(width / (0.55 * LINE_PX)));
    var rows = [];
    var row = "";
    line.split(" ").forEach(function (word) {
      if (row && (row + " " + word).length > most) {
        rows.push(row);
        row = word;
      } else {
        row = row ? row + " " + word : word;
      }
    });
    return row ? rows.concat([row]) : rows;
  }

  /* The figure to save: the chart's data and layout at its size on screen, taller by the
     band; the band is one annotation above the top margin the chart already had, from the
     left edge of the picture. */
  function figure(gd) {
    var full = gd._fullLayout;
    var size = full._size;
    var rows = [];
    context().lines.forEach(function (line) {
      rows = rows.concat(wrap(line, full.width - 2 * PAD_PX));
    });
    var title = chartTitle(gd);
    var band = 2 * PAD_PX + Math.ceil(LINE_HEIGHT * (TITLE_PX + LINE_PX * rows.length));
    var layout = structuredClone(gd.layout);
    layout.width = full.width;
    layout.height = full.height + band;
    layout.autosize = false;
    layout.margin = {
      l: full.margin.l, r: full.margin.r, t: full.margin.t + band, b: full.margin.b
    };
    if (ownTitle(layout)) {
      // the chart's own title stays just above its plot, under the band
      layout.title = Object.assign({}, typeof layout.title === "object" ? layout.title : {}, {
        text: ownTitle(layout), yref: "paper", y: 1, yanchor: "bottom"
      });
    }
    var text = "<span style='font-size:" + TITLE_PX + "px'><b>" + escape(title) + "</b></span>" +
      rows.map(function (row) { return "<br>" + escape(row); }).join("");
    layout.annotations = (layout.annotations || []).concat([{
      name: "pantau-png-context",
      text: text,
      xref: "paper",
      x: -size.l / Math.max(size.w, 1),
      xanchor: "left",
      xshift: PAD_PX,
      yref: "paper",
      y: 1,
      yanchor: "bottom",
      yshift: size.t,
      align: "left",
      showarrow: false,
      font: { size: LINE_PX, color: "#000000" }
    }]);
    return {
      data: structuredClone(gd.data),
      layout: layout,
      config: { topojsonURL: gd._context.topojsonURL, locale: gd._context.locale }
    };
  }

  function download(gd) {
    var options = gd._context.toImageButtonOptions || {};
    var copy = figure(gd);
    return window.Plotly.downloadImage(copy, {
      format: options.format || "png",
      filename: options.filename || "pantau-tppo",
      width: copy.layout.width,
      height: copy.layout.height,
      scale: options.scale || 1
    });
  }

  function button(plotly) {
    return {
      name: NAME,
      attr: "pantau-png",
      title: function () { return context().button || "PNG"; },
      icon: plotly.Icons.camera,
      click: download
    };
  }

  /* The button's name comes with the context, which may arrive after a chart is drawn. */
  function renameButtons() {
    var name = context().button;
    if (!name) return;
    document.querySelectorAll(".modebar-btn[data-attr='pantau-png']").forEach(function (b) {
      b.setAttribute("data-title", name);
      b.setAttribute("aria-label", name);
    });
  }

  function configure(plotly) {
    plotly.setPlotConfig({ modeBarButtonsToAdd: [button(plotly)] });
    window.pantauPng = { figure: figure, download: download };
  }

  (window.pantauOnPlotly = window.pantauOnPlotly || []).push(configure);
  new MutationObserver(renameButtons).observe(document.documentElement, {
    subtree: true, attributes: true, attributeFilter: ["data-button"]
  });
})();
