// Draws each table marked data-chart as a Chart.js chart: the table is the source of the numbers,
// so the page reads without JavaScript and the chart can never disagree with it.
// Columns marked data-series are drawn; rows marked data-undrawn (such as "date unknown") are not.
"use strict";

(function () {
  const COLOURS = ["#0d6efd", "#fd7e14", "#198754", "#d63384", "#6f42c1", "#20c997", "#ffc107", "#6c757d"];

  function readTable(table) {
    const headers = Array.from(table.tHead.rows[0].cells);
    const series = headers
      .map((cell, index) => ({ label: cell.textContent.trim(), index, drawn: cell.hasAttribute("data-series") }))
      .filter((column) => column.drawn);
    const rows = Array.from(table.tBodies[0].rows).filter(
      (row) => !row.hasAttribute("data-undrawn") && row.cells.length === headers.length,
    );
    const datasets = series.map((column, i) => ({
      label: column.label,
      data: rows.map((row) => Number(row.cells[column.index].dataset.value || 0)),
      backgroundColor: COLOURS[i % COLOURS.length],
    }));
    return {
      labels: rows.map((row) => row.cells[0].textContent.trim()),
      // A series with nothing to draw (say, kinds recorded only without a date) would only
      // crowd the legend; the table still lists it.
      datasets: datasets.filter((dataset) => dataset.data.some((value) => value !== 0)),
    };
  }

  function options(style, datasets) {
    const horizontal = style === "horizontal";
    const stacked = style === "stacked";
    const narrow = window.matchMedia("(max-width: 575.98px)").matches;
    return {
      animation: false,
      responsive: true,
      maintainAspectRatio: !horizontal,
      aspectRatio: narrow ? 1.1 : 2.6,
      indexAxis: horizontal ? "y" : "x",
      plugins: { legend: { display: datasets.length > 1, position: "bottom" } },
      scales: {
        x: { stacked, ticks: horizontal ? { precision: 0 } : { autoSkip: true } },
        y: { stacked, beginAtZero: true, ticks: horizontal ? {} : { precision: 0 } },
      },
    };
  }

  function draw(table) {
    const box = document.querySelector(`[data-chart-for="${table.id}"]`);
    if (!box || typeof window.Chart === "undefined") return;
    const data = readTable(table);
    if (data.labels.length === 0) return;
    box.hidden = false;
    if (table.dataset.chart === "horizontal") {
      // One bar a row, however many rows: the box grows with them (CSSOM, which the CSP allows).
      box.style.height = `${data.labels.length * 34 + 60}px`;
    }
    new window.Chart(box.querySelector("canvas"), {
      type: "bar",
      data,
      options: options(table.dataset.chart, data.datasets),
    });
    // The chart shows the numbers now; the table stays one click away, and in the CSV.
    const details = table.closest("details[data-chart-numbers]");
    if (details) details.open = false;
  }

  function start() {
    document.querySelectorAll("table[data-chart]").forEach(draw);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
