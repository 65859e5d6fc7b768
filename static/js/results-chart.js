/* The distribution of a group's composites (results_group page): a stacked bar per 5-point band, the bottom set,
 * the cadres tied at its boundary and the vetoed in their own colours. The data and the translated labels come from
 * the page (json_script "results-chart-data"); without Chart.js the table above says the same.
 */
(function () {
  "use strict";

  var source = document.getElementById("results-chart-data");
  var canvas = document.getElementById("results-chart");
  if (!source || !canvas || typeof Chart === "undefined") {
    return;
  }
  var data = JSON.parse(source.textContent);
  var names = data.names;

  function series(key, colour) {
    return { label: names[key], data: data[key], backgroundColor: colour, stack: "people" };
  }

  new Chart(canvas, {
    type: "bar",
    data: {
      labels: data.labels,
      datasets: [
        series("others", "rgba(13, 110, 253, 0.6)"),
        series("boundary", "rgba(255, 193, 7, 0.85)"),
        series("vetoed", "rgba(33, 37, 41, 0.75)"),
        series("bottom", "rgba(220, 53, 69, 0.85)"),
      ].filter(function (set) {
        return set.data.some(function (n) {
          return n > 0;
        });
      }),
    },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      scales: {
        x: { stacked: true, title: { display: true, text: names.x } },
        y: { stacked: true, beginAtZero: true, ticks: { precision: 0 }, title: { display: true, text: names.y } },
      },
      plugins: { legend: { position: "bottom" } },
    },
  });
})();
