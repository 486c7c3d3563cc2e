import { useLayoutEffect, useRef, useState, type RefObject } from 'react';

/**
 * Small SVG charts for the dashboard, drawn by hand: stacked columns, horizontal
 * bars, a line and a ring. Each scales to its container width via viewBox.
 */
export const palette = ['#2563eb', '#16a34a', '#f59e0b', '#db2777', '#7c3aed', '#0891b2', '#dc2626', '#65a30d', '#9333ea', '#475569'];

export interface Series {
  key: string;
  label: string;
  values: number[];
}

/** An axis for counts: whole-number steps of 1, 2, 5 × 10^k and a maximum that is a multiple of the step. */
export function countAxis(maxValue: number, targetTicks = 4): { max: number; ticks: number[] } {
  const raw = Math.max(1, maxValue) / targetTicks;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = Math.max(1, ([1, 2, 5, 10].find((candidate) => candidate * magnitude >= raw) ?? 10) * magnitude);
  const max = Math.max(step, Math.ceil(Math.max(1, maxValue) / step) * step);
  const ticks: number[] = [];
  for (let tick = 0; tick <= max + step / 2; tick += step) ticks.push(tick);
  return { max, ticks };
}

/** The pixel width of a container, so charts draw 1:1 and their text keeps its size. */
export function useWidth(fallback: number): [RefObject<HTMLElement | null>, number] {
  const ref = useRef<HTMLElement | null>(null);
  const [width, setWidth] = useState(fallback);
  useLayoutEffect(() => {
    const element = ref.current;
    if (!element) return;
    const update = () => setWidth(Math.max(240, Math.floor(element.getBoundingClientRect().width)));
    update();
    const observer = new ResizeObserver(update);
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  return [ref, width];
}

function Legend({ series }: { series: { key: string; label: string }[] }) {
  return (
    <div className="legend">
      {series.map((entry, index) => (
        <span key={entry.key}>
          <i style={{ background: palette[index % palette.length] }} />
          {entry.label}
        </span>
      ))}
    </div>
  );
}

/** Horizontal grid lines with their counts on the left: the value axis of the column and line charts. */
function CountGrid({ ticks, max, innerW, innerH }: { ticks: number[]; max: number; innerW: number; innerH: number }) {
  return (
    <>
      {ticks.map((tick) => {
        const y = innerH - (tick / max) * innerH;
        return (
          <g key={tick}>
            <line x1={0} x2={innerW} y1={y} y2={y} className="grid" />
            <text x={-6} y={y + 4} className="axis" textAnchor="end">
              {tick}
            </text>
          </g>
        );
      })}
    </>
  );
}

export function StackedColumns({ categories, categoryLabels, series, height = 220, title }: { categories: string[]; categoryLabels?: string[]; series: Series[]; height?: number; title: string }) {
  const [ref, width] = useWidth(640);
  const margin = { top: 10, right: 10, bottom: 28, left: 36 };
  const innerW = width - margin.left - margin.right;
  const innerH = height - margin.top - margin.bottom;
  const totals = categories.map((_, index) => series.reduce((sum, entry) => sum + (entry.values[index] ?? 0), 0));
  const { max, ticks } = countAxis(Math.max(0, ...totals));
  const band = innerW / Math.max(1, categories.length);
  const barW = Math.max(2, Math.min(28, band * 0.7));
  const labelEvery = Math.max(1, Math.ceil(categories.length / Math.max(2, Math.floor(innerW / 56))));
  return (
    <figure className="chart" ref={ref}>
      <svg viewBox={`0 0 ${width} ${height}`} width={width} height={height} role="img" aria-label={title}>
        <g transform={`translate(${margin.left},${margin.top})`}>
          <CountGrid ticks={ticks} max={max} innerW={innerW} innerH={innerH} />
          {categories.map((category, index) => {
            let offset = 0;
            const x = index * band + (band - barW) / 2;
            return (
              <g key={category}>
                {series.map((entry, seriesIndex) => {
                  const value = entry.values[index] ?? 0;
                  if (value <= 0) return null;
                  const h = (value / max) * innerH;
                  offset += h;
                  return (
                    <rect key={entry.key} x={x} y={innerH - offset} width={barW} height={h} fill={palette[seriesIndex % palette.length]}>
                      <title>{`${categoryLabels?.[index] ?? category} · ${entry.label}: ${value}`}</title>
                    </rect>
                  );
                })}
                {index % labelEvery === 0 && (
                  <text x={index * band + band / 2} y={innerH + 16} className="axis" textAnchor="middle">
                    {categoryLabels?.[index] ?? category}
                  </text>
                )}
              </g>
            );
          })}
          <line x1={0} x2={innerW} y1={innerH} y2={innerH} className="baseline" />
        </g>
      </svg>
      <Legend series={series} />
    </figure>
  );
}

export function HorizontalBars({ rows, title }: { rows: { key: string; label: string; value: number; highlight: number }[]; title: string; }) {
  const [ref, width] = useWidth(640);
  const rowH = 26;
  const labelW = 200;
  const height = Math.max(40, rows.length * rowH + 10);
  const { max } = countAxis(Math.max(0, ...rows.map((row) => row.value)));
  const innerW = width - labelW - 50;
  return (
    <figure className="chart" ref={ref}>
      <svg viewBox={`0 0 ${width} ${height}`} width={width} height={height} role="img" aria-label={title}>
        {rows.map((row, index) => {
          const y = 5 + index * rowH;
          const w = (row.value / max) * innerW;
          const hw = (row.highlight / max) * innerW;
          return (
            <g key={row.key}>
              <text x={labelW - 8} y={y + 15} className="axis label" textAnchor="end">
                {row.label}
              </text>
              <rect x={labelW} y={y + 3} width={Math.max(w, 1)} height={rowH - 8} fill={palette[0]} rx={2}>
                <title>{`${row.label}: ${row.value}`}</title>
              </rect>
              {row.highlight > 0 && (
                <rect x={labelW} y={y + 3} width={hw} height={rowH - 8} fill={palette[6]} rx={2}>
                  <title>{`${row.label}: ${row.highlight}`}</title>
                </rect>
              )}
              <text x={labelW + w + 6} y={y + 15} className="axis">
                {row.value}
                {row.highlight > 0 ? ` (${row.highlight})` : ''}
              </text>
            </g>
          );
        })}
      </svg>
    </figure>
  );
}

export function LineChart({ points, height = 160, title }: { points: { label: string; value: number }[]; height?: number; title: string }) {
  const [ref, width] = useWidth(640);
  const margin = { top: 10, right: 10, bottom: 28, left: 36 };
  const innerW = width - margin.left - margin.right;
  const innerH = height - margin.top - margin.bottom;
  const { max, ticks } = countAxis(Math.max(0, ...points.map((point) => point.value)), 3);
  const step = points.length > 1 ? innerW / (points.length - 1) : 0;
  const coords = points.map((point, index) => [index * step, innerH - (point.value / max) * innerH] as const);
  const path = coords.map(([x, y], index) => `${index === 0 ? 'M' : 'L'}${x.toFixed(1)},${y.toFixed(1)}`).join(' ');
  const area = coords.length ? `${path} L${coords[coords.length - 1]?.[0] ?? 0},${innerH} L0,${innerH} Z` : '';
  const labelEvery = Math.max(1, Math.ceil(points.length / Math.max(2, Math.floor(innerW / 56))));
  return (
    <figure className="chart" ref={ref}>
      <svg viewBox={`0 0 ${width} ${height}`} width={width} height={height} role="img" aria-label={title}>
        <g transform={`translate(${margin.left},${margin.top})`}>
          <CountGrid ticks={ticks} max={max} innerW={innerW} innerH={innerH} />
          <path d={area} fill={palette[6]} opacity={0.12} />
          <path d={path} fill="none" stroke={palette[6]} strokeWidth={2} />
          {coords.map(([x, y], index) => (
            <circle key={points[index]?.label ?? index} cx={x} cy={y} r={3} fill={palette[6]}>
              <title>{`${points[index]?.label}: ${points[index]?.value}`}</title>
            </circle>
          ))}
          {points.map((point, index) =>
            index % labelEvery === 0 ? (
              <text key={point.label} x={index * step} y={innerH + 16} className="axis" textAnchor="middle">
                {point.label}
              </text>
            ) : null,
          )}
        </g>
      </svg>
    </figure>
  );
}

export function Ring({ value, label }: { value: number | null; label: string }) {
  const radius = 42;
  const circumference = 2 * Math.PI * radius;
  const share = value ?? 0;
  return (
    <svg viewBox="0 0 110 110" className="ring" role="img" aria-label={label}>
      <circle cx={55} cy={55} r={radius} fill="none" stroke="#e5e7eb" strokeWidth={12} />
      <circle
        cx={55}
        cy={55}
        r={radius}
        fill="none"
        stroke={palette[1]}
        strokeWidth={12}
        strokeDasharray={`${circumference * share} ${circumference}`}
        transform="rotate(-90 55 55)"
        strokeLinecap="butt"
      />
      <text x={55} y={61} textAnchor="middle" className="ring-value">
        {value === null ? '–' : `${Math.round(share * 100)} %`}
      </text>
    </svg>
  );
}
