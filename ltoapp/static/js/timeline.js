/* Draw each small line chart of ratings over time from its JSON description.
   The table beside each chart holds the same numbers, so this only adds a picture. */
(function () {
  "use strict";

  function drawLine(canvas) {
    var source = document.getElementById(canvas.getAttribute("data-line-chart"));
    if (!source || typeof window.Chart === "undefined") {
      return;
    }
    var chart = JSON.parse(source.textContent);
    new window.Chart(canvas, {
      type: "line",
      data: {
        labels: chart.labels,
        datasets: chart.datasets.map(function (dataset) {
          return {
            label: dataset.label,
            data: dataset.values,
            borderColor: dataset.colour,
            backgroundColor: dataset.colour,
            borderWidth: 3,
            pointRadius: 4,
            spanGaps: true,
            tension: 0
          };
        })
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        scales: {
          y: {
            min: 0,
            max: 10,
            ticks: { stepSize: 2, color: "#3b4046" },
            grid: { color: "#e1e4e8" }
          },
          x: { ticks: { color: "#3b4046", maxRotation: 0, autoSkip: true } }
        },
        plugins: { legend: { display: false }, tooltip: { enabled: true } }
      }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var canvases = document.querySelectorAll("canvas[data-line-chart]");
    Array.prototype.forEach.call(canvases, drawLine);
  });
})();
