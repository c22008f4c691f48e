import { ValueError } from '@keras-ts/common';
import { cartesianAxes } from '../svg/axes.js';
import { svgDocument } from '../svg/document.js';
import { element, textElement } from '../svg/element.js';
import { legend } from '../svg/legend.js';
import { seriesColor } from '../svg/palette.js';
import { paddedExtent, paddedLogExtent } from '../svg/scale.js';
import { lineSeries } from '../svg/series.js';
import { type NumericData, readVector } from '../data/values.js';
import { textWidth } from '../svg/text-width.js';

/** Options for {@link plotLrFinder}. */
export interface PlotLrFinderOptions {
  /** Plot title. Default "Finding the ideal learning rate". */
  title?: string;
  /** Width in pixels. Default 640. */
  width?: number;
  /** Height in pixels. Default 420. */
  height?: number;
}

/** Index of the smallest finite loss, or -1 when there is none. */
export function minimumLossIndex(losses: readonly number[]): number {
  let best = -1;
  losses.forEach((loss, index) => {
    if (Number.isFinite(loss) && (best < 0 || loss < (losses[best] ?? Number.POSITIVE_INFINITY))) best = index;
  });
  return best;
}

// Extra room below the minimum for its note.
function lossDomain(values: readonly number[]): [number, number] {
  const [low, high] = paddedExtent(values);
  return [low - (high - low) * 0.1, high];
}

function formatRate(rate: number): string {
  return rate >= 1e-3 && rate < 1e4 ? String(Number(rate.toPrecision(3))) : rate.toExponential(2).replace('e+', 'e');
}

/**
 * Learning-rate finder plot (seed 001): loss against learning rate on a log x
 * axis, with the learning rate of the minimum loss marked by a point, a dashed
 * vertical line and its value. Non-finite losses (a diverged run) are skipped.
 *
 * @param lrs learning rate of each step or epoch (all > 0).
 * @param losses the loss observed at each of those learning rates.
 * @returns a standalone SVG document string.
 */
export function plotLrFinder(lrs: NumericData, losses: NumericData, options: PlotLrFinderOptions = {}): string {
  const rates = readVector(lrs, 'lrs');
  const values = readVector(losses, 'losses');
  if (rates.length !== values.length) {
    throw new ValueError(`lrs and losses must have the same length; got ${rates.length} learning rates and ${values.length} losses.`);
  }
  if (rates.length === 0) throw new ValueError('lrs: expected at least one learning rate, got an empty array.');
  rates.forEach((rate, index) => {
    if (!(rate > 0) || !Number.isFinite(rate)) {
      throw new ValueError(`lrs[${index}]: learning rates must be finite and > 0 for a log axis, got ${rate}.`);
    }
  });
  const best = minimumLossIndex(values);
  if (best < 0) throw new ValueError('losses: every loss is NaN or infinite; nothing to plot.');
  const width = options.width ?? 640;
  const height = options.height ?? 420;
  const panel = cartesianAxes({
    box: { x: 6, y: 4, width: width - 12, height: height - 8 },
    title: options.title ?? 'Finding the ideal learning rate',
    x: { domain: paddedLogExtent(rates, 0.03), log: true, label: 'Learning rate' },
    y: { domain: lossDomain(values), label: 'Loss' },
  });
  const points = rates.map((rate, index): [number, number] => {
    const loss = values[index] ?? Number.NaN;
    return [panel.xScale.map(rate), Number.isFinite(loss) ? panel.yScale.map(loss) : Number.NaN];
  });
  const bestRate = rates[best] ?? 1;
  const bestLoss = values[best] ?? 0;
  const [bx, by] = [panel.xScale.map(bestRate), panel.yScale.map(bestLoss)];
  const note = `min loss ${Number(bestLoss.toPrecision(4))} at lr ${formatRate(bestRate)}`;
  const noteWidth = textWidth(note, 12);
  // The curve never dips below its minimum, so the space under the marker is
  // free; the note goes there, on whichever side has room.
  const onRight = bx + 8 + noteWidth < panel.area.x + panel.area.width - 4;
  const marker = element('g', { class: 'minimum', 'data-lr': bestRate, 'data-loss': bestLoss }, [
    element('path', { d: `M${bx} ${panel.area.y}V${panel.area.y + panel.area.height}`, stroke: '#d62728', 'stroke-width': 1.2, 'stroke-dasharray': '5 4' }),
    element('circle', { cx: bx, cy: by, r: 5, fill: '#d62728', stroke: '#ffffff', 'stroke-width': 1.5 }),
    textElement(onRight ? bx + 8 : bx - 8, by + 20, note, {
      size: 12,
      anchor: onRight ? 'start' : 'end',
      fill: '#b01c1c',
      attributes: { class: 'minimum-label' },
    }),
  ]);
  const items = [
    { label: 'Loss', color: seriesColor(0) },
    { label: `Minimum (lr ${formatRate(bestRate)})`, color: '#d62728', dashed: true },
  ];
  return svgDocument(
    [panel.markup, lineSeries(points, { name: 'loss', color: seriesColor(0), markers: rates.length <= 60 }), marker, legend(items, panel.area, points)],
    { width, height, title: options.title ?? 'Learning-rate finder', kind: 'lr-finder' },
  );
}
