/* Draw every radar chart on the page from its JSON description.
   The page already shows the same numbers in a table, so this only adds a picture. */
(function () {
  "use strict";

  function readChart(canvas) {
    var source = document.getElementById(canvas.getAttribute("data-radar-chart"));
    return source ? JSON.parse(source.textContent) : null;
  }

  function drawRadar(canvas) {
    var chart = readChart(canvas);
    if (!chart || typeof window.Chart === "undefined") {
      return;
    }
    var narrow = window.matchMedia("(max-width: 40rem)").matches;
    new window.Chart(canvas, {
      type: "radar",
      data: {
        labels: chart.labels.map(function (label) {
          // Chart.js wraps label arrays onto several lines.
          return narrow ? label.split(". ")[0] : label;
        }),
        datasets: chart.datasets.map(function (dataset) {
          return {
            label: dataset.label,
            data: dataset.values,
            borderColor: dataset.colour,
            backgroundColor: dataset.colour + "22",
            pointBackgroundColor: dataset.colour,
            borderDash: dataset.dash || (dataset.dashed ? [8, 6] : []),
            borderWidth: 3,
            pointRadius: 4,
            spanGaps: true
          };
        })
      },
      options: {
        responsive: true,
        maintainAspectRatio: true,
        aspectRatio: 1,
        animation: false,
        scales: {
          r: {
            min: 0,
            max: 10,
            ticks: { stepSize: 2, backdropColor: "transparent", color: "#3b4046" },
            pointLabels: { font: { size: narrow ? 13 : 14 }, color: "#1f2328" },
            grid: { color: "#c9ced4" },
            angleLines: { color: "#c9ced4" }
          }
        },
        plugins: {
          legend: {
            position: "bottom",
            labels: { font: { size: 15 }, color: "#1f2328", usePointStyle: true }
          },
          tooltip: { enabled: true }
        }
      }
    });
  }

  function drawAll() {
    var canvases = document.querySelectorAll("canvas[data-radar-chart]");
    Array.prototype.forEach.call(canvases, drawRadar);
  }

  function focusErrorSummary() {
    var summary = document.querySelector("[data-error-summary]");
    if (summary) {
      summary.focus();
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    focusErrorSummary();
    drawAll();
  });
})();
