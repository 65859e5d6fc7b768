/* A cadre's running score after each closed quarter against the group median (Chart.js from static/vendor).
 * The numbers come from the page (json_script); the same numbers are in the table below the chart, which is what
 * a reader without JavaScript sees.
 */
(function () {
  "use strict";

  var canvas = document.getElementById("results-mine-chart");
  var source = document.getElementById("results-mine-chart-data");
  if (!canvas || !source || typeof Chart === "undefined") {
    return;
  }
  var data = JSON.parse(source.textContent);
  new Chart(canvas, {
    type: "line",
    data: {
      labels: data.labels,
      datasets: [
        {
          label: data.mineLabel,
          data: data.mine,
          borderColor: "#dc3545",
          backgroundColor: "#dc3545",
          tension: 0.2,
          spanGaps: true,
        },
        {
          label: data.medianLabel,
          data: data.median,
          borderColor: "#6c757d",
          backgroundColor: "#6c757d",
          borderDash: [6, 4],
          tension: 0.2,
          spanGaps: true,
        },
      ],
    },
    options: {
      maintainAspectRatio: false,
      interaction: { mode: "index", intersect: false },
      scales: { y: { suggestedMin: 60, suggestedMax: 100 } },
      plugins: { legend: { position: "bottom" } },
    },
  });
})();
