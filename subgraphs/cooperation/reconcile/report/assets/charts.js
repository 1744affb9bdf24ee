/* global document, window, Chart */
// Draws every chart of the report from the specs embedded in #report-charts (report/charts.ts);
// a chart marks its canvas once it has drawn (the browser checks wait for that).
(function () {
  var specs = JSON.parse(document.getElementById('report-charts').textContent);
  var marker = {
    id: 'taxgraphRendered',
    afterRender: function (chart) {
      chart.canvas.setAttribute('data-rendered', 'true');
    },
  };
  specs.forEach(function (c) {
    var canvas = document.getElementById(c.id);
    if (!canvas) return;
    var axis = function (title, stacked) {
      return { stacked: stacked, beginAtZero: true, ticks: { precision: 0 }, title: { display: !!title, text: title } };
    };
    var chart = new Chart(canvas, {
      type: c.type,
      data: { labels: c.labels, datasets: c.datasets },
      plugins: [marker],
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        devicePixelRatio: Math.max(window.devicePixelRatio || 1, 2),
        indexAxis: c.horizontal ? 'y' : 'x',
        scales: {
          x: axis(c.xTitle, c.stacked),
          y: c.horizontal ? Object.assign(axis(c.yTitle, c.stacked), { ticks: { autoSkip: false } }) : axis(c.yTitle, c.stacked),
        },
        plugins: { legend: { display: c.legend, position: 'bottom', labels: { boxWidth: 12, font: { size: 11 } } } },
      },
    });
    if (chart.canvas) chart.canvas.setAttribute('data-rendered', 'true');
  });
})();
