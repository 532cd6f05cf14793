/* Keep the facilitator's live screen up to date: every few seconds, ask the
   server for the latest results and change the counts, the table, the list
   of questions worth talking about and the chart in place. Without
   JavaScript the page's "Refresh now" link does the same. */
(function () {
  "use strict";

  var INTERVAL = 4000;

  function setText(element, value) {
    if (element && element.textContent !== String(value)) {
      element.textContent = value;
    }
  }

  function updateCounts(root, answered) {
    Object.keys(answered).forEach(function (side) {
      setText(root.querySelector('[data-live-count="' + side + '"]'), answered[side]);
    });
  }

  function updateTable(root, rows) {
    rows.forEach(function (row) {
      Object.keys(row.cells).forEach(function (part) {
        setText(root.querySelector('[data-side-cell="' + row.key + "-" + part + '"]'), row.cells[part]);
      });
      var line = root.querySelector('[data-live-row="' + row.key + '"]');
      if (!line) {
        return;
      }
      line.classList.toggle("side-table__divergent", row.divergent);
      var heading = line.querySelector("th");
      var flag = heading.querySelector(".flag");
      if (row.divergent && !flag) {
        flag = document.createElement("span");
        flag.className = "flag";
        flag.textContent = "worth talking about";
        heading.appendChild(document.createTextNode(" "));
        heading.appendChild(flag);
      } else if (!row.divergent && flag) {
        flag.parentNode.removeChild(flag);
      }
    });
  }

  function updateDivergent(root, divergent) {
    var list = root.querySelector("[data-live-divergent]");
    if (!list) {
      return;
    }
    var wanted = divergent.map(function (item) { return item.key + ":" + item.reasons.join(";"); }).join("|");
    if (list.getAttribute("data-shown") === wanted) {
      return;
    }
    list.setAttribute("data-shown", wanted);
    while (list.firstChild) {
      list.removeChild(list.firstChild);
    }
    if (!divergent.length) {
      var none = document.createElement("li");
      none.className = "live__none";
      none.textContent = "Nothing stands out yet.";
      list.appendChild(none);
    }
    divergent.forEach(function (item) {
      var entry = document.createElement("li");
      entry.setAttribute("data-divergent", item.key);
      var title = document.createElement("span");
      title.className = "live__divergent-title";
      title.textContent = item.title;
      var reasons = document.createElement("span");
      reasons.className = "live__reasons";
      reasons.textContent = item.reasons.join("; ") + ".";
      entry.appendChild(title);
      entry.appendChild(document.createTextNode(" "));
      entry.appendChild(reasons);
      list.appendChild(entry);
    });
  }

  function updateChart(root, chart, summary) {
    var canvas = root.querySelector("canvas[data-radar-chart]");
    if (!canvas) {
      return;
    }
    var caption = document.getElementById(canvas.id + "-caption");
    var title = caption ? caption.querySelector(".chart__title") : null;
    if (caption && title) {
      setText(caption.lastChild, " " + summary);
      canvas.setAttribute("aria-label", title.textContent.replace(/\.$/, "") + ": " + summary);
    }
    var drawn = window.Chart ? window.Chart.getChart(canvas) : null;
    if (!drawn) {
      return;
    }
    chart.datasets.forEach(function (dataset, index) {
      if (drawn.data.datasets[index]) {
        drawn.data.datasets[index].data = dataset.values;
      }
    });
    drawn.update();
  }

  function start(root) {
    var url = root.getAttribute("data-live");
    var status = root.querySelector("[data-live-status]");

    function poll() {
      if (document.hidden) {
        window.setTimeout(poll, INTERVAL);
        return;
      }
      window.fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) {
          if (!response.ok) {
            throw new Error(response.status);
          }
          return response.json();
        })
        .then(function (data) {
          updateCounts(root, data.answered);
          updateTable(root, data.rows);
          updateDivergent(root, data.divergent);
          updateChart(root, data.chart, data.summary);
          setText(status, "Updated at " + new Date().toLocaleTimeString("en-GB") + ". This page updates by itself.");
        })
        .catch(function () {
          setText(status, "Could not update just now; trying again. You can also refresh.");
        })
        .then(function () {
          window.setTimeout(poll, INTERVAL);
        });
    }

    window.setTimeout(poll, INTERVAL);
  }

  document.addEventListener("DOMContentLoaded", function () {
    if (!window.fetch) {
      return;
    }
    Array.prototype.forEach.call(document.querySelectorAll("[data-live]"), start);
  });
})();
