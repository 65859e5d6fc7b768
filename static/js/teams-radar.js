/* A team's six post-evaluation dimensions against the organization's median (Chart.js from static/vendor). The
 * numbers come from the page (json_script); the same numbers are written under "后评估记录" for a reader without
 * JavaScript.
 */
(function () {
  "use strict";

  var canvas = document.getElementById("team-radar");
  var source = document.getElementById("team-radar-data");
  if (!canvas || !source || typeof Chart === "undefined") {
    return;
  }
  var data = JSON.parse(source.textContent);
  new Chart(canvas, {
    type: "radar",
    data: {
      labels: data.labels,
      datasets: [
        { label: data.teamLabel, data: data.team, borderColor: "#dc3545", backgroundColor: "rgba(220,53,69,0.15)" },
        {
          label: data.medianLabel,
          data: data.median,
          borderColor: "#6c757d",
          backgroundColor: "rgba(108,117,125,0.05)",
          borderDash: [6, 4],
        },
      ],
    },
    options: { maintainAspectRatio: false, scales: { r: { suggestedMin: 0, suggestedMax: 100 } } },
  });
})();
