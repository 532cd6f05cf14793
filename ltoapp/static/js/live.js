/* Keep the room's screens following the facilitator.

   The projected live screen asks the server every few seconds for the latest
   results and changes the counts, tables, cards and charts in place, so it
   keeps working in full screen; its reveal buttons are sent in the
   background for the same reason. Members' results pages and guests' phones
   ask only which stage the room is at, and reload when it moves. Without
   JavaScript every page has a "Refresh now" link and the buttons post. */
(function () {
  "use strict";

  var INTERVAL = 4000;

  function setText(element, value) {
    if (element && element.textContent !== String(value)) {
      element.textContent = value;
    }
  }

  function each(root, selector, action) {
    Array.prototype.forEach.call(root.querySelectorAll(selector), action);
  }

  function getJson(url) {
    return window.fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) {
          throw new Error(response.status);
        }
        return response.json();
      });
  }

  function updateCounts(root, answered) {
    Object.keys(answered).forEach(function (side) {
      setText(root.querySelector('[data-live-count="' + side + '"]'), answered[side]);
    });
    // Until answers arrive the join address and code are the biggest thing.
    root.classList.toggle("live--waiting", !answered.everyone);
  }

  function updateTable(root, rows) {
    rows.forEach(function (row) {
      Object.keys(row.cells).forEach(function (part) {
        each(root, '[data-side-cell="' + row.key + "-" + part + '"]', function (cell) {
          setText(cell, row.cells[part]);
        });
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

  function span(className, text) {
    var element = document.createElement("span");
    element.className = className;
    element.textContent = text;
    return element;
  }

  function updateDivergent(root, divergent) {
    var list = root.querySelector("[data-live-divergent]");
    if (!list) {
      return;
    }
    var wanted = divergent.map(function (item) {
      return item.key + ":" + (item.sentence || "") + ":" + item.reasons.join(";");
    }).join("|");
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
      entry.className = "live__card";
      entry.setAttribute("data-divergent", item.key);
      if (item.higher) {
        entry.setAttribute("data-higher", item.higher);
      }
      entry.appendChild(span("live__divergent-title", item.title));
      entry.appendChild(document.createTextNode(" "));
      entry.appendChild(span("live__sentence", item.sentence || ""));
      entry.appendChild(document.createTextNode(" "));
      entry.appendChild(span("live__reasons", item.reasons.join("; ") + "."));
      list.appendChild(entry);
    });
  }

  function updateChart(canvas, chart, summary) {
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

  function showStage(root, stage) {
    root.setAttribute("data-stage", stage);
    each(root, "[data-live-part]", function (part) {
      part.hidden = part.getAttribute("data-live-part") !== stage;
    });
    each(root, "[data-reveal-stage]", function (button) {
      button.setAttribute("aria-pressed", button.getAttribute("data-reveal-stage") === stage ? "true" : "false");
    });
  }

  function startLive(root) {
    var url = root.getAttribute("data-live");
    var status = root.querySelector("[data-live-status]");
    var timer = null;

    function show(data) {
      updateCounts(root, data.answered);
      updateTable(root, data.rows);
      updateDivergent(root, data.divergent);
      updateChart(root.querySelector("#live-chart"), data.chart, data.summary);
      updateChart(root.querySelector("#live-everyone-chart"), data.everyone_chart, data.everyone_summary);
      showStage(root, data.stage);
    }

    function poll() {
      window.clearTimeout(timer);
      if (document.hidden) {
        timer = window.setTimeout(poll, INTERVAL);
        return;
      }
      getJson(url)
        .then(function (data) {
          show(data);
          setText(status, "Updated at " + new Date().toLocaleTimeString("en-GB") + ".");
        })
        .catch(function () {
          setText(status, "Could not update just now; trying again. You can also refresh.");
        })
        .then(function () {
          window.clearTimeout(timer);
          timer = window.setTimeout(poll, INTERVAL);
        });
    }

    // The reveal buttons post in the background: a page load would end full screen.
    var form = root.querySelector("[data-reveal-form]");
    if (form && window.FormData) {
      form.addEventListener("submit", function (event) {
        var button = event.submitter;
        if (!button) {
          return;
        }
        event.preventDefault();
        var body = new window.FormData(form);
        body.append(button.name, button.value);
        showStage(root, button.value);
        window.fetch(form.action, { method: "POST", body: body, credentials: "same-origin" })
          .then(poll, function () {
            setText(status, "Could not change what the room sees; try again.");
          });
      });
    }

    startFullscreen(root);
    timer = window.setTimeout(poll, INTERVAL);
  }

  function startFullscreen(root) {
    var button = root.querySelector("[data-fullscreen]");
    if (!button || !document.fullscreenEnabled || !root.requestFullscreen) {
      return;
    }
    button.hidden = false;
    button.addEventListener("click", function () {
      if (document.fullscreenElement) {
        document.exitFullscreen();
      } else {
        root.requestFullscreen();
      }
    });
    document.addEventListener("fullscreenchange", function () {
      button.textContent = document.fullscreenElement ? "Leave full screen" : "Full screen";
    });
  }

  function followStage(note) {
    var url = note.getAttribute("data-follow-stage");
    var shown = note.getAttribute("data-stage");

    function poll() {
      if (document.hidden) {
        window.setTimeout(poll, INTERVAL);
        return;
      }
      getJson(url)
        .then(function (data) {
          if (data.stage !== shown) {
            window.location.reload();
            return;
          }
          window.setTimeout(poll, INTERVAL);
        })
        .catch(function () {
          window.setTimeout(poll, INTERVAL);
        });
    }

    window.setTimeout(poll, INTERVAL);
  }

  document.addEventListener("DOMContentLoaded", function () {
    if (!window.fetch) {
      return;
    }
    Array.prototype.forEach.call(document.querySelectorAll("[data-live]"), startLive);
    Array.prototype.forEach.call(document.querySelectorAll("[data-follow-stage]"), followStage);
  });
})();
