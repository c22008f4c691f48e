/** Series colours (the colour-blind-safe Tableau 10 order matplotlib uses). */
export const SERIES_COLORS = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf'] as const;

/** Colour of series number `index`, cycling through {@link SERIES_COLORS}. */
export function seriesColor(index: number): string {
  return SERIES_COLORS[index % SERIES_COLORS.length] ?? '#1f77b4';
}

// Anchor colours of matplotlib's "Blues" sequential map, light to dark.
const BLUES: readonly [number, number, number][] = [
  [247, 251, 255],
  [222, 235, 247],
  [198, 219, 239],
  [158, 202, 225],
  [107, 174, 214],
  [66, 146, 198],
  [33, 113, 181],
  [8, 81, 156],
  [8, 48, 107],
];

/** Colour for `fraction` in [0, 1] on a light-to-dark blue scale, as a hex string. */
export function blues(fraction: number): string {
  const clamped = Math.min(1, Math.max(0, Number.isFinite(fraction) ? fraction : 0));
  const position = clamped * (BLUES.length - 1);
  const index = Math.min(BLUES.length - 2, Math.floor(position));
  const t = position - index;
  const from = BLUES[index] ?? [0, 0, 0];
  const to = BLUES[index + 1] ?? [0, 0, 0];
  const channel = (k: 0 | 1 | 2) => Math.round(from[k] + (to[k] - from[k]) * t);
  return `#${[channel(0), channel(1), channel(2)].map((value) => value.toString(16).padStart(2, '0')).join('')}`;
}

/** Gridline and frame greys shared by every plot. */
export const GRID_COLOR = '#e3e3e3';
/** Colour of axis frames and tick marks. */
export const AXIS_COLOR = '#555555';
/** Colour of tick labels. */
export const LABEL_COLOR = '#333333';
