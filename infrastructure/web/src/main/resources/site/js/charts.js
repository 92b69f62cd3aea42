// Small SVG charts drawn here (no chart library needed for bars and a line).
import { escape } from './dom.js';

/** A horizontal bar chart of [label, value] pairs. */
export function barChart(title, pairs, format = (v) => String(v)) {
  if (!pairs.length) return `<p class="muted">${escape(title)}: no data.</p>`;
  const max = Math.max(...pairs.map(([, v]) => v), 1);
  const row = 28; const labelWidth = 170; const width = 560;
  const bars = pairs.map(([label, value], i) => {
    const w = Math.max(1, Math.round((value / max) * (width - labelWidth - 90)));
    return `<g transform="translate(0 ${i * row})"><text x="${labelWidth - 8}" y="18" text-anchor="end">${escape(label)}</text>`
      + `<rect x="${labelWidth}" y="4" width="${w}" height="18" rx="3" class="bar"/>`
      + `<text x="${labelWidth + w + 6}" y="18">${escape(format(value))}</text></g>`;
  }).join('');
  return `<figure class="chart"><figcaption>${escape(title)}</figcaption><svg viewBox="0 0 ${width} ${pairs.length * row + 6}" role="img" aria-label="${escape(title)}: `
    + `${escape(pairs.map(([l, v]) => `${l} ${format(v)}`).join(', '))}">${bars}</svg></figure>`;
}

/** A line chart of [label, value] points in order (e.g. per day). */
export function lineChart(title, points, format = (v) => String(v)) {
  if (points.length < 2) return barChart(title, points, format);
  const width = 560; const height = 200; const pad = 32;
  const max = Math.max(...points.map(([, v]) => v), 1);
  const x = (i) => pad + (i * (width - 2 * pad)) / (points.length - 1);
  const y = (v) => height - pad - (v / max) * (height - 2 * pad);
  const line = points.map(([, v], i) => `${i ? 'L' : 'M'}${x(i).toFixed(1)} ${y(v).toFixed(1)}`).join('');
  const dots = points.map(([l, v], i) => `<circle cx="${x(i).toFixed(1)}" cy="${y(v).toFixed(1)}" r="3" class="dot"><title>${escape(l)}: ${escape(format(v))}</title></circle>`).join('');
  return `<figure class="chart"><figcaption>${escape(title)}</figcaption><svg viewBox="0 0 ${width} ${height}" role="img" aria-label="${escape(title)}">`
    + `<line x1="${pad}" y1="${height - pad}" x2="${width - pad}" y2="${height - pad}" class="axis"/>`
    + `<text x="${pad}" y="${height - 8}">${escape(points[0][0])}</text><text x="${width - pad}" y="${height - 8}" text-anchor="end">${escape(points[points.length - 1][0])}</text>`
    + `<text x="4" y="${pad}">${escape(format(max))}</text><path d="${line}" class="line"/>${dots}</svg></figure>`;
}
