/* Labels of a tile map that follow the tile (issue #12): the server cannot know how wide a
   tile is drawn (the map fills its frame: a phone, a card, a projector), so a schematic
   map's figure carries the rule in layout.meta.pantau_tile_labels ({share, min, max,
   traces}, dashboard/components/maps.py TILE_LABELS) and this sets the labels' size to
   `share` of the tile's width on screen, from `min` to `max` px, after every draw and
   resize; a label whose text would not fit its tile (a word instead of a number) is
   made smaller on its own.  The names are sized in em, so they follow the value. */
(function () {
  "use strict";

  function rule(gd) {
    var meta = gd.layout && gd.layout.meta;
    return meta && meta.pantau_tile_labels;
  }

  function tileWidth(gd) {
    var widths = [];
    gd.querySelectorAll(".choroplethlocation").forEach(function (path) {
      var width = path.getBoundingClientRect().width;
      if (width > 0) widths.push(width);
    });
    widths.sort(function (a, b) { return a - b; });
    return widths.length ? widths[Math.floor(widths.length / 2)] : 0;
  }

  var CHAR_EMS = 0.62;  // the width of a capital or a digit, in ems of its font
  var FILL = 0.92;  // of a tile's width a label may take

  /* How wide ``text`` (plotly's pseudo-HTML: <br>, <b>, spans sized in em) is, in ems of
     the label's size: its widest line. */
  function ems(text) {
    return String(text || "").split(/<br\s*\/?>/i).reduce(function (widest, line) {
      var scale = line.match(/font-size:\s*([\d.]+)em/);
      var plain = line.replace(/<[^>]*>/g, "");
      return Math.max(widest, plain.length * CHAR_EMS * (scale ? Number(scale[1]) : 1));
    }, 0);
  }

  /* Each label's size: the rule's share of the tile, smaller where its text would not fit
     the tile (a long word instead of a number), never below the rule's minimum. */
  function sizes(trace, wanted, width) {
    var size = Math.min(wanted.max, Math.max(wanted.min, wanted.share * width));
    var texts = Array.isArray(trace.text) ? trace.text : [trace.text];
    return texts.map(function (text) {
      var wide = ems(text);
      var fits = wide ? (FILL * width) / wide : size;
      return Math.round(Math.max(wanted.min, Math.min(size, fits)));
    });
  }

  function same(a, b) {
    return Array.isArray(a) && a.length === b.length && a.every(function (v, i) {
      return v === b[i];
    });
  }

  function fit(gd) {
    var wanted = rule(gd);
    if (!wanted || gd._pantauFitting) return;
    var width = tileWidth(gd);
    if (!width) return;
    var traces = [];
    var values = [];
    wanted.traces.forEach(function (index) {
      var trace = gd.data[index];
      if (!trace) return;
      var each = sizes(trace, wanted, width);
      if (!same(trace.textfont && trace.textfont.size, each)) {
        traces.push(index);
        values.push(each);
      }
    });
    if (!traces.length) return;
    gd._pantauFitting = true;
    window.Plotly.restyle(gd, { "textfont.size": values }, traces).then(
      function () { gd._pantauFitting = false; },
      function () { gd._pantauFitting = false; }
    );
  }

  function watch(gd) {
    if (!gd || !gd.on || gd._pantauLabels) return;
    gd._pantauLabels = true;
    gd.on("plotly_afterplot", function () { fit(gd); });
  }

  /* dcc.Graph draws with Plotly.react (and newPlot); the first draw has no listeners yet. */
  function wrap(plotly, name) {
    var original = plotly[name];
    plotly[name] = function (gd) {
      return original.apply(this, arguments).then(function (result) {
        var element = typeof gd === "string" ? document.getElementById(gd) : gd;
        watch(element);
        fit(element);
        return result;
      });
    };
  }

  function configure(plotly) {
    wrap(plotly, "react");
    wrap(plotly, "newPlot");
  }

  (window.pantauOnPlotly = window.pantauOnPlotly || []).push(configure);
})();
