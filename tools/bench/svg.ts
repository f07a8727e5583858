/** Inline SVG line charts for the HTML report: no scripts, no external files. */
export interface Series {
  label: string;
  color: string;
  points: [number, number][];
}

export interface ChartOptions {
  title: string;
  xLabel: string;
  yLabel: string;
  width?: number;
  height?: number;
  /** Draws a dashed horizontal line (a budget). */
  limit?: { value: number; label: string };
}

const PAD = { left: 60, right: 140, top: 30, bottom: 40 };
const escapeXml = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Round upper bound for an axis: 1, 2 or 5 × a power of ten. */
export function niceMax(value: number): number {
  if (!(value > 0)) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  return ([1, 2, 5, 10].find((step) => step * power >= value) ?? 10) * power;
}

export function lineChart(series: readonly Series[], options: ChartOptions): string {
  const width = options.width ?? 860;
  const height = options.height ?? 300;
  const xs = series.flatMap((s) => s.points.map(([x]) => x));
  const ys = series.flatMap((s) => s.points.map(([, y]) => y)).filter(Number.isFinite);
  const xMin = Math.min(0, ...xs);
  const xMax = Math.max(1, ...xs);
  const yMax = niceMax(Math.max(options.limit?.value ?? 0, ...ys));
  const plotW = width - PAD.left - PAD.right;
  const plotH = height - PAD.top - PAD.bottom;
  const sx = (x: number): number => PAD.left + ((x - xMin) / (xMax - xMin || 1)) * plotW;
  const sy = (y: number): number => PAD.top + plotH - (Math.min(y, yMax) / yMax) * plotH;
  const grid = [0, 0.25, 0.5, 0.75, 1].map((f) => {
    const y = sy(yMax * f);
    return `<line x1="${PAD.left}" x2="${PAD.left + plotW}" y1="${y}" y2="${y}" stroke="#ddd"/><text x="${PAD.left - 6}" y="${y + 4}" text-anchor="end">${+(yMax * f).toPrecision(3)}</text>`;
  });
  const xTicks = [0, 0.25, 0.5, 0.75, 1].map((f) => {
    const x = xMin + (xMax - xMin) * f;
    return `<text x="${sx(x)}" y="${PAD.top + plotH + 16}" text-anchor="middle">${+x.toPrecision(3)}</text>`;
  });
  const lines = series.map((s) => {
    const path = s.points.filter(([, y]) => Number.isFinite(y)).map(([x, y]) => `${sx(x).toFixed(1)},${sy(y).toFixed(1)}`);
    return `<polyline fill="none" stroke="${s.color}" stroke-width="1.5" points="${path.join(' ')}"/>`;
  });
  const legend = series.map(
    (s, i) =>
      `<rect x="${width - PAD.right + 12}" y="${PAD.top + i * 18}" width="12" height="3" fill="${s.color}"/>` +
      `<text x="${width - PAD.right + 30}" y="${PAD.top + i * 18 + 5}">${escapeXml(s.label)}</text>`,
  );
  const limit = options.limit
    ? `<line x1="${PAD.left}" x2="${PAD.left + plotW}" y1="${sy(options.limit.value)}" y2="${sy(options.limit.value)}" stroke="#c00" stroke-dasharray="6 4"/>` +
      `<text x="${PAD.left + plotW - 4}" y="${sy(options.limit.value) - 4}" text-anchor="end" fill="#c00">${escapeXml(options.limit.label)}</text>`
    : '';
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif" font-size="11" role="img" aria-label="${escapeXml(options.title)}">`,
    `<text x="${PAD.left}" y="16" font-size="13" font-weight="bold">${escapeXml(options.title)}</text>`,
    ...grid,
    ...xTicks,
    `<text x="${PAD.left + plotW / 2}" y="${height - 6}" text-anchor="middle">${escapeXml(options.xLabel)}</text>`,
    `<text x="14" y="${PAD.top + plotH / 2}" transform="rotate(-90 14 ${PAD.top + plotH / 2})" text-anchor="middle">${escapeXml(options.yLabel)}</text>`,
    limit,
    ...lines,
    ...legend,
    '</svg>',
  ].join('\n');
}
