import { ValueError } from '@keras-ts/common';
import { confusionCounts } from '../data/confusion-counts.js';
import type { NumericData } from '../data/values.js';
import { svgDocument } from '../svg/document.js';
import { element, textElement } from '../svg/element.js';
import { AXIS_COLOR, LABEL_COLOR, blues } from '../svg/palette.js';
import { linearTicks } from '../svg/ticks.js';
import { fitText, textWidth } from '../svg/text-width.js';

/** How {@link plotConfusionMatrix} normalises: over true labels (rows), predictions (columns), all samples, or not at all. */
export type ConfusionNormalization = 'true' | 'pred' | 'all' | 'none';

/** Options for {@link plotConfusionMatrix}. */
export interface PlotConfusionMatrixOptions {
  /** Name of each class (sets the number of classes). Default "0", "1", …. */
  classNames?: readonly string[];
  /** Percentage shown under each count and used for the colour. Default 'true' (row-normalised, as in seed 001). */
  normalize?: ConfusionNormalization;
  /** Plot title. Default "Confusion matrix". */
  title?: string;
  /** Cell size in pixels. Default fits the matrix into about 640 pixels (28–84 per cell). */
  cellSize?: number;
}

/** Normalised copy of a count matrix; rows/columns/total with no samples give 0. */
export function normalizeMatrix(matrix: readonly (readonly number[])[], normalize: ConfusionNormalization): number[][] {
  const size = matrix.length;
  const rowSums = matrix.map((row) => row.reduce((sum, value) => sum + value, 0));
  const columnSums = Array.from({ length: size }, (_, column) => matrix.reduce((sum, row) => sum + (row[column] ?? 0), 0));
  const total = rowSums.reduce((sum, value) => sum + value, 0);
  return matrix.map((row, rowIndex) =>
    row.map((value, column) => {
      const denominator = normalize === 'true' ? rowSums[rowIndex] : normalize === 'pred' ? columnSums[column] : total;
      return denominator ? value / denominator : 0;
    }),
  );
}

/**
 * Confusion matrix heat map (seed 001's `plot_cm`): rows are true classes,
 * columns predicted classes; each cell shows its count and, unless `normalize`
 * is 'none', the percentage of its row (or column / total), coloured on a blue
 * scale with a colour bar.
 *
 * @param yTrue true class indices `[n]` or one-hot/probabilities `[n, classes]` (arrays or int tensors).
 * @param yPred predicted class indices `[n]` or probabilities `[n, classes]` (argmax is taken).
 * @returns a standalone SVG document string.
 */
export function plotConfusionMatrix(yTrue: NumericData, yPred: NumericData, options: PlotConfusionMatrixOptions = {}): string {
  const normalize = options.normalize ?? 'true';
  if (!['true', 'pred', 'all', 'none'].includes(normalize)) {
    throw new ValueError(`normalize must be 'true', 'pred', 'all' or 'none', got ${JSON.stringify(normalize)}.`);
  }
  const matrix = confusionCounts(yTrue, yPred, options.classNames ? { numClasses: options.classNames.length } : {});
  const size = matrix.length;
  const names = options.classNames ?? matrix.map((_, index) => String(index));
  const fractions = normalizeMatrix(matrix, normalize === 'none' ? 'all' : normalize);
  const maxCount = Math.max(1, ...matrix.flat());
  const intensity = (row: number, column: number) => (normalize === 'none' ? (matrix[row]?.[column] ?? 0) / maxCount : (fractions[row]?.[column] ?? 0));

  const cell = options.cellSize ?? Math.max(28, Math.min(84, Math.floor(640 / size)));
  const fontSize = Math.max(7, Math.min(13, cell / 5.2));
  const labelSize = 12;
  const showPercent = normalize !== 'none' && cell >= 44;
  const longestName = Math.max(...names.map((name) => textWidth(name, labelSize)));
  const rotateColumns = longestName > cell - 6;
  const maxLabel = 140;
  const rowLabelWidth = Math.min(maxLabel, longestName) + 12;
  const columnLabelHeight = rotateColumns ? Math.min(maxLabel, longestName) * 0.72 + 16 : labelSize + 12;
  const left = 8 + 24 + rowLabelWidth;
  const top = 46;
  const gridSize = cell * size;
  const colorBarX = left + gridSize + 24;
  const width = colorBarX + 16 + 60;
  const height = top + gridSize + columnLabelHeight + 34;

  const parts: string[] = [
    textElement(left + gridSize / 2, 28, options.title ?? 'Confusion matrix', { size: 16, anchor: 'middle', bold: true, attributes: { class: 'title' } }),
  ];
  matrix.forEach((row, rowIndex) => {
    row.forEach((count, column) => {
      const x = left + column * cell;
      const y = top + rowIndex * cell;
      const shade = intensity(rowIndex, column);
      const ink = shade > 0.5 ? '#ffffff' : '#1a1a1a';
      const fraction = fractions[rowIndex]?.[column] ?? 0;
      const content = [element('rect', { x, y, width: cell, height: cell, fill: blues(shade), stroke: '#ffffff', 'stroke-width': 1 })];
      if (cell >= 24) {
        const countY = showPercent ? y + cell / 2 - fontSize * 0.55 : y + cell / 2;
        content.push(
          textElement(x + cell / 2, countY, String(count), {
            size: fontSize,
            anchor: 'middle',
            baseline: 'middle',
            fill: ink,
            bold: rowIndex === column,
            attributes: { class: 'count' },
          }),
        );
        if (showPercent) {
          content.push(
            textElement(x + cell / 2, y + cell / 2 + fontSize * 0.75, `(${(fraction * 100).toFixed(1)}%)`, {
              size: fontSize * 0.85,
              anchor: 'middle',
              baseline: 'middle',
              fill: ink,
              attributes: { class: 'percent' },
            }),
          );
        }
      }
      parts.push(element('g', { class: 'cell', 'data-row': rowIndex, 'data-column': column, 'data-count': count, 'data-fraction': fraction }, content));
    });
  });
  names.forEach((name, index) => {
    const label = fitText(name, labelSize, maxLabel);
    const cy = top + index * cell + cell / 2;
    parts.push(textElement(left - 8, cy, label, { size: labelSize, anchor: 'end', baseline: 'middle', fill: LABEL_COLOR, attributes: { class: 'row-label' } }));
    const cx = left + index * cell + cell / 2;
    parts.push(
      rotateColumns
        ? textElement(cx + 4, top + gridSize + 10, label, {
            size: labelSize,
            anchor: 'end',
            rotate: -45,
            fill: LABEL_COLOR,
            attributes: { class: 'column-label' },
          })
        : textElement(cx, top + gridSize + 8, label, {
            size: labelSize,
            anchor: 'middle',
            baseline: 'hanging',
            fill: LABEL_COLOR,
            attributes: { class: 'column-label' },
          }),
    );
  });
  parts.push(element('rect', { x: left, y: top, width: gridSize, height: gridSize, fill: 'none', stroke: AXIS_COLOR }));
  parts.push(textElement(left + gridSize / 2, height - 10, 'Predicted label', { size: 13, anchor: 'middle', attributes: { class: 'axis-label x' } }));
  parts.push(textElement(22, top + gridSize / 2, 'True label', { size: 13, anchor: 'middle', rotate: -90, attributes: { class: 'axis-label y' } }));
  parts.push(colorBar(colorBarX, top, gridSize, normalize === 'none' ? maxCount : 1, normalize !== 'none'));
  return svgDocument(parts, { width, height, title: options.title ?? 'Confusion matrix', kind: 'confusion-matrix', definitions: gradientDefinition() });
}

const GRADIENT_ID = 'keras-ts-blues';

function gradientDefinition(): string {
  const stops = Array.from({ length: 9 }, (_, index) => element('stop', { offset: index / 8, 'stop-color': blues(1 - index / 8) }));
  return element('linearGradient', { id: GRADIENT_ID, x1: 0, y1: 0, x2: 0, y2: 1 }, stops);
}

function colorBar(x: number, top: number, height: number, maximum: number, percent: boolean): string {
  const ticks = linearTicks(0, maximum, 6);
  const parts = [element('rect', { x, y: top, width: 16, height, fill: `url(#${GRADIENT_ID})`, stroke: AXIS_COLOR, 'stroke-width': 0.8 })];
  for (const tick of ticks) {
    const y = top + height - (tick.value / maximum) * height;
    const label = percent ? `${Math.round(tick.value * 100)}%` : tick.label;
    parts.push(
      element('path', { d: `M${x + 16} ${y}h4`, stroke: AXIS_COLOR }),
      textElement(x + 23, y, label, { size: 11, baseline: 'middle', fill: LABEL_COLOR }),
    );
  }
  return element('g', { class: 'color-bar' }, parts);
}
