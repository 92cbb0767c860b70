/* plotly.js-locales 3.7.0, id.js (npm package plotly.js-locales, MIT licence: LICENSE beside this file).
   Wrapped for the browser as plotly.js's own dist/plotly-locale-*.js files are. */
(function () {
var module = {};
module.exports = {
    moduleType: 'locale',
    name: 'id',
    dictionary: {},
    format: {
        days: ['Minggu', 'Senin', 'Selasa', 'Rabu', 'Kamis', 'Jumat', 'Sabtu'],
        shortDays: ['Min', 'Sen', 'Sel', 'Rab', 'kam', 'Jum', 'Sab'],
        months: [
            'Januari', 'Februari', 'Maret', 'April', 'Mei', 'Juni',
            'Juli', 'Agustus', 'September', 'Oktober', 'Nopember', 'Desember'
        ],
        shortMonths: [
            'Jan', 'Feb', 'Mar', 'Apr', 'Mei', 'Jun',
            'Jul', 'Agus', 'Sep', 'Okt', 'Nop', 'Des'
        ],
        date: '%d/%m/%Y'
    }
};
if (typeof Plotly === "undefined") {
  window.PlotlyLocales = window.PlotlyLocales || [];
  window.PlotlyLocales.push(module.exports);
} else {
  Plotly.register(module.exports);
}
})();
