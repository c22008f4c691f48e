import { ValueError } from '@keras-ts/common';
import { type Box, cartesianAxes } from '../svg/axes.js';
import { svgDocument } from '../svg/document.js';
import { element, textElement } from '../svg/element.js';
import { legend } from '../svg/legend.js';
import { seriesColor } from '../svg/palette.js';
import { paddedExtent } from '../svg/scale.js';
import { lineSeries } from '../svg/series.js';
import { integerTicks } from '../svg/ticks.js';

/** Per-epoch values keyed by log name (`loss`, `val_loss`, `accuracy`, …). */
export type HistoryRecord = Readonly<Record<string, readonly (number | null | undefined)[]>>;

/** A Keras `History` object (`{ history }`) or its record of per-epoch values. */
export type HistoryLike = { readonly history: HistoryRecord } | HistoryRecord;

/** Options for {@link plotHistory}. */
export interface PlotHistoryOptions {
  /** Metric families to draw (`'loss'`, `'accuracy'`; a `val_` prefix is ignored). Default: all, loss first. */
  metrics?: string[];
  /** Title above all panels. */
  title?: string;
  /** Total width in pixels. Default 440 per column. */
  width?: number;
  /** Total height in pixels. Default 320 per row. */
  height?: number;
  /** Panels per row. Default: all in one row up to three, then a grid. */
  columns?: number;
}

/** Returns the `{ key: values }` record of a History object or of a plain record. */
export function historyRecord(history: HistoryLike): HistoryRecord {
  if (history === null || typeof history !== 'object') {
    throw new ValueError(`history: expected a History object ({ history: { loss: [...] } }) or a record of arrays, got ${String(history)}.`);
  }
  const inner = (history as { history?: unknown }).history;
  if (inner !== null && typeof inner === 'object' && !Array.isArray(inner)) return inner as HistoryRecord;
  return history as HistoryRecord;
}

/** Groups history keys into families: `loss` holds `loss` and `val_loss`; loss first, then first-seen order. */
export function metricFamilies(record: HistoryRecord): Map<string, { train?: string; validation?: string }> {
  const families = new Map<string, { train?: string; validation?: string }>();
  const keys = Object.keys(record).sort((a, b) => Number(baseName(b) === 'loss') - Number(baseName(a) === 'loss'));
  for (const key of keys) {
    const values = record[key];
    if (!Array.isArray(values)) {
      throw new ValueError(`history.${key}: expected an array of per-epoch numbers, got ${typeof values}.`);
    }
    const base = baseName(key);
    const family = families.get(base) ?? {};
    if (key.startsWith('val_')) family.validation = key;
    else family.train = key;
    families.set(base, family);
  }
  return families;
}

function baseName(key: string): string {
  return key.startsWith('val_') ? key.slice(4) : key;
}

/** "val_accuracy" → "Accuracy", "out_1_loss" → "Out 1 loss". */
export function prettyName(key: string): string {
  const words = key
    .replace(/_/g, ' ')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/**
 * Training curves: one panel per metric family (loss, accuracy, …) with the
 * training series (solid, markers) and the validation series (dashed) against
 * the epoch, a legend in the emptiest corner, and nice y ticks.
 *
 * @returns a standalone SVG document string.
 */
export function plotHistory(history: HistoryLike, options: PlotHistoryOptions = {}): string {
  const record = historyRecord(history);
  const families = metricFamilies(record);
  let names = [...families.keys()];
  if (options.metrics) {
    const wanted = options.metrics.map(baseName);
    const unknown = wanted.filter((name) => !families.has(name));
    if (unknown.length > 0) {
      throw new ValueError(`plotHistory: metrics ${JSON.stringify(unknown)} are not in the history; available: ${JSON.stringify(names)}.`);
    }
    names = wanted;
  }
  if (names.length === 0) throw new ValueError('plotHistory: the history is empty; train with fit() first or pass a record such as { loss: [0.9, 0.5] }.');
  const columns = options.columns ?? (names.length <= 3 ? names.length : Math.ceil(Math.sqrt(names.length)));
  const rows = Math.ceil(names.length / columns);
  const titleHeight = options.title ? 34 : 0;
  const width = options.width ?? 440 * columns;
  const height = options.height ?? 320 * rows + titleHeight;
  const panelWidth = width / columns;
  const panelHeight = (height - titleHeight) / rows;

  const panels = names.map((name, index) => {
    const family = families.get(name) ?? {};
    const box: Box = {
      x: (index % columns) * panelWidth + 6,
      y: titleHeight + Math.floor(index / columns) * panelHeight + 4,
      width: panelWidth - 12,
      height: panelHeight - 8,
    };
    const series = [family.train, family.validation]
      .filter((key): key is string => key !== undefined)
      .map((key) => ({ key, values: (record[key] ?? []).map((value) => (typeof value === 'number' ? value : Number.NaN)) }));
    const epochs = Math.max(1, ...series.map((entry) => entry.values.length));
    const xDomain: [number, number] = epochs === 1 ? [0.5, 1.5] : [1 - (epochs - 1) * 0.04, epochs + (epochs - 1) * 0.04];
    const panel = cartesianAxes({
      box,
      title: prettyName(name),
      x: { domain: xDomain, label: 'Epoch', ticks: integerTicks(1, epochs, 7) },
      y: { domain: paddedExtent(series.flatMap((entry) => entry.values)), label: prettyName(name) },
    });
    const points: [number, number][] = [];
    const drawn = series.map((entry, seriesIndex) => {
      const pixels = entry.values.map((value, epoch): [number, number] => [
        panel.xScale.map(epoch + 1),
        Number.isFinite(value) ? panel.yScale.map(value) : Number.NaN,
      ]);
      points.push(...pixels);
      const validation = entry.key.startsWith('val_');
      return lineSeries(pixels, { name: entry.key, color: seriesColor(seriesIndex), dashed: validation, markers: true });
    });
    const legendItems = series.map((entry, seriesIndex) => ({
      label: entry.key.startsWith('val_') ? 'Validation' : 'Training',
      color: seriesColor(seriesIndex),
      dashed: entry.key.startsWith('val_'),
      marker: true,
    }));
    return element('g', { class: 'panel', 'data-metric': name }, [panel.markup, ...drawn, legend(legendItems, panel.area, points)]);
  });
  const title = options.title ? textElement(width / 2, 24, options.title, { size: 16, anchor: 'middle', bold: true, attributes: { class: 'title' } }) : '';
  return svgDocument([title, ...panels], { width, height, title: options.title ?? 'Training history', kind: 'history' });
}
