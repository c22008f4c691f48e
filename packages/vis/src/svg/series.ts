import { element } from './element.js';

/** Options for {@link lineSeries}. */
export interface LineSeriesOptions {
  /** Series name, written to `data-name`. */
  name: string;
  /** Stroke colour. */
  color: string;
  /** Dashed line. */
  dashed?: boolean;
  /** Draw a circle on every point (skipped automatically past 80 points). */
  markers?: boolean;
  /** Stroke width. Default 2. */
  width?: number;
}

/**
 * One data series as a `<g class="series">` holding a single `<path>` through
 * `points` (pixel coordinates; non-finite points break the line) and optional
 * circle markers. `data-points` records how many points were drawn.
 */
export function lineSeries(points: readonly [number, number][], options: LineSeriesOptions): string {
  let d = '';
  let penDown = false;
  let drawn = 0;
  for (const [x, y] of points) {
    if (!Number.isFinite(x) || !Number.isFinite(y)) {
      penDown = false;
      continue;
    }
    d += `${penDown ? 'L' : 'M'}${round(x)} ${round(y)}`;
    penDown = true;
    drawn++;
  }
  // A single point still needs a visible mark: a zero-length segment with round caps.
  if (drawn === 1) d += 'h0.01';
  const markers =
    options.markers && drawn <= 80
      ? points.filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y)).map(([x, y]) => element('circle', { cx: x, cy: y, r: 3.2, fill: options.color }))
      : [];
  return element('g', { class: 'series', 'data-name': options.name, 'data-points': drawn }, [
    element('path', {
      d,
      fill: 'none',
      stroke: options.color,
      'stroke-width': options.width ?? 2,
      'stroke-linejoin': 'round',
      'stroke-linecap': 'round',
      'stroke-dasharray': options.dashed ? '7 4' : undefined,
    }),
    ...markers,
  ]);
}

function round(value: number): string {
  return String(Math.round(value * 100) / 100);
}
