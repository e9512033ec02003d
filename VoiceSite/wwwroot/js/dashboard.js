// Admin dashboard: draws each <canvas data-chart='{...}'> with Chart.js (loaded before this module as the global
// Chart). The figures come from the page as JSON in the attribute (the CSP allows no inline script); a table beside
// each chart has the same figures. Charts are drawn again when htmx swaps in another period or, going back, the page.
const palette = ['#2563eb', '#16a34a', '#d97706', '#dc2626', '#7c3aed', '#0891b2'];

// Long category names ("Classic: end of speech to first audio") are broken into short lines, read level on a phone
// instead of slanted across the plot.
function wrap(label, width = 14) {
  const lines = [];
  for (const word of String(label).split(' ')) {
    const last = lines.length - 1;
    if (last >= 0 && lines[last].length + 1 + word.length <= width) lines[last] += ` ${word}`;
    else lines.push(word);
  }
  return lines.length > 1 ? lines : label;
}

function config(spec) {
  const valueAxis = spec.horizontal ? 'x' : 'y';
  const categoryAxis = spec.horizontal ? 'y' : 'x';
  return {
    type: spec.type,
    data: {
      labels: spec.labels.map((label) => wrap(label)),
      datasets: spec.datasets.map((series, i) => ({
        label: series.label,
        data: series.data,
        backgroundColor: palette[i % palette.length],
        borderColor: palette[i % palette.length],
        spanGaps: true,
      })),
    },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      indexAxis: spec.horizontal ? 'y' : 'x',
      scales: {
        [categoryAxis]: { stacked: spec.stacked, ticks: { autoSkip: spec.labels.length > 8, maxRotation: 0 } },
        [valueAxis]: { stacked: spec.stacked, beginAtZero: true, title: { display: true, text: spec.unit } },
      },
      plugins: { legend: { display: spec.datasets.length > 1 } },
    },
  };
}

export function drawCharts(root = document) {
  for (const canvas of root.querySelectorAll('canvas[data-chart]')) {
    if (window.Chart.getChart(canvas)) continue;
    new window.Chart(canvas, config(JSON.parse(canvas.dataset.chart)));
  }
}

// Chart.js sizes a canvas through its style; that style is dropped with the chart so no style attribute is ever
// copied or stored by htmx (the CSP refuses style attributes). The canvases have no id for the same reason: htmx
// settles the style of an element that keeps its id across a swap.
function destroyCharts(root) {
  for (const canvas of root.querySelectorAll('canvas[data-chart]')) {
    window.Chart.getChart(canvas)?.destroy();
    canvas.removeAttribute('style');
  }
}

drawCharts();
document.body.addEventListener('htmx:beforeSwap', (e) => { if (e.detail.shouldSwap) destroyCharts(e.detail.target); });
document.body.addEventListener('htmx:afterSettle', () => drawCharts());
document.body.addEventListener('htmx:historyRestore', () => drawCharts());
