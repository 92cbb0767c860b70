/* plotly.js in Indonesian: the chart toolbar's and messages' texts (the locale file of
   plotly.js-locales, assets/vendor/plotly-locales/, has dates and month names only).
   Registered like a locale file: with Plotly if it is loaded, else queued for it. */
(function () {
  "use strict";
  var locale = {
    moduleType: "locale",
    name: "id",
    dictionary: {
      "Autoscale": "Skala otomatis",
      "Box Select": "Pilih kotak",
      "Compare data on hover": "Bandingkan data saat disorot",
      "Double-click on legend to isolate one trace": "Klik ganda pada legenda untuk memisahkan satu seri",
      "Double-click to zoom back out": "Klik ganda untuk memperkecil kembali",
      "Download plot as a PNG": "Unduh grafik sebagai PNG",
      "Download plot as a png": "Unduh grafik sebagai PNG",
      "Download plot": "Unduh grafik",
      "Lasso Select": "Pilih laso",
      "Pan": "Geser",
      "Produced with Plotly.js": "Dibuat dengan Plotly.js",
      "Reset": "Atur ulang",
      "Reset axes": "Atur ulang sumbu",
      "Reset view": "Atur ulang tampilan",
      "Reset views": "Atur ulang tampilan",
      "Show closest data on hover": "Tampilkan data terdekat saat disorot",
      "Snapshot succeeded": "Gambar berhasil dibuat",
      "Sorry, there was a problem downloading your snapshot!": "Maaf, gambar gagal diunduh.",
      "Taking snapshot - this may take a few seconds": "Membuat gambar, mungkin perlu beberapa detik",
      "Toggle Spike Lines": "Garis bantu nyala/mati",
      "Toggle show closest data on hover": "Data terdekat saat disorot nyala/mati",
      "Zoom": "Perbesar area",
      "Zoom in": "Perbesar",
      "Zoom out": "Perkecil",
      "source:": "asal:",
      "target:": "tujuan:",
      "trace": "seri"
    }
  };
  if (typeof Plotly === "undefined") {
    window.PlotlyLocales = window.PlotlyLocales || [];
    window.PlotlyLocales.push(locale);
  } else {
    Plotly.register(locale);
  }
})();

/* Every chart's defaults (a chart's own config may narrow them, dashboard/layout.py
   graph_config): the page's language from ?lang= (Indonesian by default). */
(function () {
  "use strict";
  var lang = new URLSearchParams(window.location.search).get("lang") === "en" ? "en" : "id";
  var tries = 0;
  var timer = setInterval(function () {
    tries += 1;
    if (typeof Plotly !== "undefined" && Plotly.setPlotConfig) {
      Plotly.setPlotConfig({ locale: lang, displaylogo: false });
      clearInterval(timer);
    } else if (tries > 400) {
      clearInterval(timer);
    }
  }, 25);
})();

/* What other assets do to plotly.js before its first chart: dcc.Graph loads plotly.js
   after the assets and draws the first chart as soon as it has set window.Plotly, so a
   timer may come too late.  An asset queues `configure(Plotly)` with
   (window.pantauOnPlotly = window.pantauOnPlotly || []).push(configure), whichever of
   the assets loads first; the queue runs the moment window.Plotly is set. */
(function () {
  "use strict";
  var queue = Array.isArray(window.pantauOnPlotly) ? window.pantauOnPlotly : [];
  function runNow(callback) { callback(window.Plotly); }
  function run() {
    queue.forEach(runNow);
    queue = [];
    window.pantauOnPlotly = { push: runNow };
  }
  if (window.Plotly) {
    run();
    return;
  }
  window.pantauOnPlotly = { push: function (callback) { queue.push(callback); } };
  Object.defineProperty(window, "Plotly", {
    configurable: true,
    enumerable: true,
    get: function () { return undefined; },
    set: function (plotly) {
      Object.defineProperty(window, "Plotly", {
        value: plotly, writable: true, configurable: true, enumerable: true
      });
      run();
    }
  });
})();
