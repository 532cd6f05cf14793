/* Draw every radar chart on the page from its JSON description.
   The page already shows the same numbers in a table, so this only adds a picture.

   Each chart fills its frame (sized by CSS), and its labels are fitted to
   the room the frame has: whole and wrapped onto lines when there is space,
   the question's number alone on a narrow phone. Before printing, every
   chart is redrawn at the printed size and at a high pixel density, so it is
   whole and crisp on paper. */
(function () {
  "use strict";

  //: Frames narrower than this (CSS pixels) label each point by number only.
  var NARROW = 420;
  //: Printed charts are drawn at this many pixels per CSS pixel.
  var PRINT_RATIO = 3;

  function readChart(canvas) {
    var source = document.getElementById(canvas.getAttribute("data-radar-chart"));
    return source ? JSON.parse(source.textContent) : null;
  }

  // Chart.js draws an array label on several lines.
  function wrap(label, width) {
    var lines = [];
    var line = "";
    label.split(" ").forEach(function (word) {
      if (line && (line + " " + word).length > width) {
        lines.push(line);
        line = word;
      } else {
        line = line ? line + " " + word : word;
      }
    });
    if (line) {
      lines.push(line);
    }
    return lines;
  }

  function fittedLabels(labels, width) {
    if (width < NARROW) {
      return labels.map(function (label) { return label.split(". ")[0]; });
    }
    var perLine = width < 640 ? 14 : 16;
    return labels.map(function (label) { return wrap(label, perLine); });
  }

  function labelSize(width) {
    if (width < NARROW) {
      return 14;
    }
    // Larger on a big screen, to be read across a hall.
    return Math.max(13, Math.min(22, Math.round(width / 36)));
  }

  function fit(chart, width) {
    var labels = fittedLabels(chart.canvas.radarSource.labels, width);
    var size = labelSize(width);
    var changed = JSON.stringify(labels) !== JSON.stringify(chart.data.labels) ||
      chart.options.scales.r.pointLabels.font.size !== size;
    if (changed) {
      chart.data.labels = labels;
      chart.options.scales.r.pointLabels.font.size = size;
      chart.options.plugins.legend.labels.font.size = Math.max(15, size);
    }
    return changed;
  }

  function drawRadar(canvas) {
    var source = readChart(canvas);
    if (!source || typeof window.Chart === "undefined") {
      return;
    }
    var width = canvas.parentNode.clientWidth || 600;
    // Kept for redrawing: the labels are fitted again whenever the size changes.
    canvas.radarSource = source;
    new window.Chart(canvas, {
      type: "radar",
      data: {
        labels: fittedLabels(source.labels, width),
        datasets: source.datasets.map(function (dataset) {
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
        // The frame's CSS gives the size; the chart fills it.
        maintainAspectRatio: false,
        animation: false,
        layout: { padding: 4 },
        onResize: function (drawn, size) {
          if (fit(drawn, size.width)) {
            drawn.update("none");
          }
        },
        scales: {
          r: {
            min: 0,
            max: 10,
            ticks: { stepSize: 2, backdropColor: "transparent", color: "#3b4046" },
            pointLabels: { font: { size: labelSize(width) }, color: "#1f2328", padding: 6 },
            grid: { color: "#c9ced4" },
            angleLines: { color: "#c9ced4" }
          }
        },
        plugins: {
          legend: {
            position: "bottom",
            labels: { font: { size: Math.max(15, labelSize(width)) }, color: "#1f2328", usePointStyle: true }
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

  // Redraw every chart now, at the size its frame has (the printed size
  // while printing), so nothing is stretched or cut on paper.
  function redrawAll(ratio) {
    if (typeof window.Chart === "undefined") {
      return;
    }
    Object.keys(window.Chart.instances).forEach(function (id) {
      var chart = window.Chart.instances[id];
      chart.options.devicePixelRatio = ratio;
      if (chart.canvas.radarSource) {
        fit(chart, chart.canvas.parentNode.clientWidth);
      }
      chart.resize();
      chart.update("none");
    });
  }

  function preparePrinting() {
    var print = window.matchMedia("print");
    var onChange = function (query) {
      redrawAll(query.matches ? PRINT_RATIO : undefined);
    };
    if (print.addEventListener) {
      print.addEventListener("change", onChange);
    }
    window.addEventListener("beforeprint", function () { redrawAll(PRINT_RATIO); });
    window.addEventListener("afterprint", function () { redrawAll(undefined); });
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
    preparePrinting();
  });
})();
