// Draws the dashboard's charts from the tables beside them (the tables are the data,
// so the page says the same thing with or without JavaScript).
(function () {
  "use strict";
  if (typeof window.Chart === "undefined") { return; }
  var nf = new Intl.NumberFormat(document.documentElement.lang || "vi");
  function read(name) {
    var table = document.getElementById("table-" + name);
    var rows = Array.prototype.slice.call(table.tBodies[0].rows);
    var headers = Array.prototype.map.call(table.tHead.rows[0].cells, function (c) { return c.textContent.trim(); });
    var labels = rows.map(function (r) { return r.cells[0].textContent.trim(); });
    var series = headers.slice(1).map(function (h, i) {
      return { label: h, data: rows.map(function (r) {
        var t = r.cells[i + 1].textContent.replace(/[^0-9-]/g, "");
        return t === "" ? null : Number(t);
      }) };
    });
    return { labels: labels, series: series };
  }
  var colours = ["#1f6feb", "#d97706", "#16a34a", "#9333ea"];
  document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
    var d = read(canvas.dataset.chart), kind = canvas.dataset.kind, type = "bar", options = {
      responsive: true, maintainAspectRatio: false,
      scales: { y: { ticks: { callback: function (v) { return nf.format(v); } } } },
      plugins: { tooltip: { callbacks: { label: function (c) { return c.dataset.label + ": " + nf.format(c.parsed.y !== undefined && kind !== "hbar" ? c.parsed.y : c.parsed.x); } } } }
    };
    var datasets = d.series.map(function (s, i) { return { label: s.label, data: s.data, backgroundColor: colours[i % 4], borderColor: colours[i % 4] }; });
    if (kind === "line") {
      // Cumulative people against the plan line; monthly figures as bars behind.
      datasets = [
        { type: "bar", label: d.series[0].label, data: d.series[0].data, backgroundColor: "#93c5fd" },
        { type: "line", label: d.series[1].label, data: d.series[1].data, borderColor: colours[0], backgroundColor: colours[0] },
        { type: "line", label: d.series[2].label, data: d.series[2].data, borderColor: colours[1], borderDash: [6, 4], pointRadius: 0 }
      ];
    } else if (kind === "stacked") {
      options.scales.x = { stacked: true }; options.scales.y.stacked = true;
    } else if (kind === "hbar") {
      datasets = datasets.filter(function (s, i) { return i < 2; });
      options.indexAxis = "y"; options.scales = { x: { stacked: true, ticks: { callback: function (v) { return nf.format(v); } } }, y: { stacked: true } };
    }
    new window.Chart(canvas, { type: type, data: { labels: d.labels, datasets: datasets }, options: options });
  });
})();
