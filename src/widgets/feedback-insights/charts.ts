/**
 * The insights view's two charts, as SVG drawn here (no chart library): a line chart of monthly
 * means on the 1–5 scale, broken where a month shows no figure, and stacked bars of the score
 * distribution per item. Each is `role="img"` with a caption; the table beside it carries the
 * same numbers for every reader. Series differ by line style and marker shape, not only colour.
 */
import { svg, html, nothing, type TemplateResult, type SVGTemplateResult } from 'lit';

export interface Series {
  label: string;
  /** One value per month; null where the month is suppressed or empty. */
  values: (number | null)[];
  dashed?: boolean;
}

const W = 640;
const H = 220;
const PAD = { l: 34, r: 12, t: 12, b: 30 };

const x = (i: number, count: number): number => PAD.l + (count <= 1 ? 0 : (i * (W - PAD.l - PAD.r)) / (count - 1));
const y = (v: number): number => PAD.t + ((5 - v) * (H - PAD.t - PAD.b)) / 4;

/** Means per month on the 1–5 scale; `labels` are the month names under the axis. */
export function lineChart(o: {
  id: string;
  caption: string;
  labels: string[];
  series: Series[];
  format: (v: number) => string;
}): TemplateResult {
  const n = o.labels.length;
  const grid = [1, 2, 3, 4, 5].map(
    (v) => svg`<line class="grid" x1=${PAD.l} x2=${W - PAD.r} y1=${y(v)} y2=${y(v)}></line>
      <text class="tick" x=${PAD.l - 8} y=${y(v) + 4} text-anchor="end">${v}</text>`,
  );
  const ticks = o.labels.map((label, i) =>
    i % 3 === 0 || i === n - 1
      ? svg`<text class="tick" x=${x(i, n)} y=${H - 8} text-anchor=${i === n - 1 ? 'end' : 'middle'}>${label}</text>`
      : nothing,
  );
  const lines = o.series.map((s, k) => {
    const segments: string[] = [];
    let d = '';
    s.values.forEach((v, i) => {
      if (v === null) {
        if (d) segments.push(d);
        d = '';
      } else d += `${d ? 'L' : 'M'}${x(i, n).toFixed(1)},${y(v).toFixed(1)}`;
    });
    if (d) segments.push(d);
    const marks = s.values.map((v, i): SVGTemplateResult | typeof nothing => {
      if (v === null) return nothing;
      const title = svg`<title>${o.labels[i]}: ${s.label} ${o.format(v)}</title>`;
      return k % 2 === 0
        ? svg`<circle class="mark s${k}" cx=${x(i, n)} cy=${y(v)} r="4">${title}</circle>`
        : svg`<rect class="mark s${k}" x=${x(i, n) - 4} y=${y(v) - 4} width="8" height="8">${title}</rect>`;
    });
    return svg`${segments.map((p) => svg`<path class="line s${k} ${s.dashed ? 'dashed' : ''}" d=${p}></path>`)}${marks}`;
  });
  return html`
    <figure class="chart">
      <svg viewBox="0 0 ${W} ${H}" role="img" aria-labelledby="${o.id}-cap" focusable="false">${grid}${ticks}${lines}</svg>
      <figcaption id="${o.id}-cap">${o.caption}
        <span class="legend">${o.series.map(
          (s, k) =>
            html`<span class="key"><svg viewBox="0 0 24 10" width="24" height="10" aria-hidden="true"><line class="line s${k} ${s.dashed ? 'dashed' : ''}" x1="0" x2="24" y1="5" y2="5"></line></svg>${s.label}</span>`,
        )}</span>
      </figcaption>
    </figure>
  `;
}

/** Stacked 100 % bars of the score distribution, one per item (items without figures are left out). */
export function distributionChart(o: { id: string; caption: string; rows: { label: string; distribution: number[] }[] }): TemplateResult {
  const rowH = 26;
  const labelW = 0;
  const h = o.rows.length * rowH + 6;
  const bars = o.rows.map((r, i) => {
    const total = r.distribution.reduce((a, b) => a + b, 0) || 1;
    let at = labelW;
    return svg`<g transform="translate(0 ${i * rowH + 3})">${r.distribution.map((count, s) => {
      const w = (count / total) * (W - labelW);
      const part = svg`<rect class="seg g${s + 1}" x=${at} y="0" width=${Math.max(0, w)} height=${rowH - 8}><title>${r.label}: ${s + 1} → ${count}</title></rect>
        ${w > 22 ? svg`<text class="seg-label" x=${at + w / 2} y=${rowH / 2 + 1} text-anchor="middle">${s + 1}</text>` : nothing}`;
      at += w;
      return part;
    })}</g>`;
  });
  return html`
    <figure class="chart">
      <svg viewBox="0 0 ${W} ${h}" role="img" aria-labelledby="${o.id}-cap" focusable="false">${bars}</svg>
      <figcaption id="${o.id}-cap">${o.caption}</figcaption>
    </figure>
  `;
}
