import type { Box } from './axes.js';
import { element, textElement } from './element.js';
import { textWidth } from './text-width.js';

/** One legend row. */
export interface LegendItem {
  /** Text shown beside the swatch. */
  label: string;
  /** Line/marker colour. */
  color: string;
  /** Draw the swatch line dashed. */
  dashed?: boolean;
  /** Draw a marker on the swatch. */
  marker?: boolean;
}

/**
 * Draws a legend box inside `area`, in whichever corner covers the fewest of
 * `points` (pixel positions of the data), like matplotlib's loc="best".
 */
export function legend(items: readonly LegendItem[], area: Box, points: readonly [number, number][], fontSize = 12): string {
  if (items.length === 0) return '';
  const rowHeight = fontSize * 1.5;
  const swatch = 26;
  const width = swatch + 14 + Math.max(...items.map((item) => textWidth(item.label, fontSize)));
  const height = rowHeight * items.length + 8;
  const inset = 8;
  const corners: [number, number][] = [
    [area.x + area.width - width - inset, area.y + inset],
    [area.x + inset, area.y + inset],
    [area.x + area.width - width - inset, area.y + area.height - height - inset],
    [area.x + inset, area.y + area.height - height - inset],
  ];
  let best = corners[0] ?? [area.x, area.y];
  let bestCount = Number.POSITIVE_INFINITY;
  for (const corner of corners) {
    const count = points.filter(([x, y]) => x >= corner[0] - 4 && x <= corner[0] + width + 4 && y >= corner[1] - 4 && y <= corner[1] + height + 4).length;
    if (count < bestCount) {
      best = corner;
      bestCount = count;
    }
  }
  const [x0, y0] = best;
  const rows = items.map((item, index) => {
    const cy = y0 + 4 + rowHeight * (index + 0.5);
    const line = element('path', {
      d: `M${x0 + 6} ${cy}h${swatch}`,
      stroke: item.color,
      'stroke-width': 2,
      'stroke-dasharray': item.dashed ? '6 3' : undefined,
    });
    const marker = item.marker ? element('circle', { cx: x0 + 6 + swatch / 2, cy, r: 3, fill: item.color }) : '';
    return line + marker + textElement(x0 + swatch + 12, cy, item.label, { size: fontSize, baseline: 'middle', attributes: { class: 'legend-label' } });
  });
  return element('g', { class: 'legend' }, [
    element('rect', { x: x0, y: y0, width, height, rx: 3, fill: '#ffffff', 'fill-opacity': 0.9, stroke: '#cccccc' }),
    ...rows,
  ]);
}
