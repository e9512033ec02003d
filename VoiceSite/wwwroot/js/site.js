// Site-wide touches that need no framework: times shown in the reader's own time zone.
// The server writes UTC (with "UTC" after it) so the page reads correctly without JavaScript.
const formats = {
  time: { hour: '2-digit', minute: '2-digit', second: '2-digit' },
  date: { day: 'numeric', month: 'short', year: 'numeric' },
  datetime: { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' },
};

export function localizeTimes(root = document) {
  for (const el of root.querySelectorAll('time[datetime][data-format]')) {
    const when = new Date(el.getAttribute('datetime'));
    const format = formats[el.dataset.format];
    if (Number.isNaN(when.getTime()) || !format) continue;
    el.textContent = new Intl.DateTimeFormat(undefined, format).format(when);
    el.title = when.toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC');
  }
}

localizeTimes();
document.body.addEventListener('htmx:afterSwap', (e) => localizeTimes(e.detail.target));
