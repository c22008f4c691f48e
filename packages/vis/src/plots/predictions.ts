import { ValueError } from '@keras-ts/common';
import { svgDocument } from '../svg/document.js';
import { element, textElement } from '../svg/element.js';
import { AXIS_COLOR, GRID_COLOR, LABEL_COLOR } from '../svg/palette.js';
import { linearTicks } from '../svg/ticks.js';
import { fitText, textWidth } from '../svg/text-width.js';
import { type NumericData, readVector } from '../data/values.js';

/** Options for {@link plotPredictions}. */
export interface PlotPredictionsOptions {
  /** Name of each class; default "0", "1", …. */
  classNames?: readonly string[];
  /** Index of the true class: its bar is blue, a wrong top prediction red. */
  trueLabel?: number;
  /** Plot title; default "Predicted: <class> (<p>%)" (and the true class when given). */
  title?: string;
  /** Width in pixels. Default 520. */
  width?: number;
}

/**
 * Horizontal bar chart of one sample's class probabilities, each bar labelled
 * with its percentage. The predicted (argmax) class is highlighted: green when it
 * equals `trueLabel`, red when it does not (the true class is then blue).
 *
 * @param probabilities a vector of class scores (`[classes]` or `[1, classes]`).
 * @returns a standalone SVG document string.
 */
export function plotPredictions(probabilities: NumericData, options: PlotPredictionsOptions = {}): string {
  const values = readVector(probabilities, 'probabilities');
  if (values.length === 0) throw new ValueError('probabilities: expected one score per class, got an empty vector.');
  values.forEach((value, index) => {
    if (!Number.isFinite(value)) throw new ValueError(`probabilities[${index}]: expected a finite number, got ${value}.`);
  });
  const names = options.classNames ?? values.map((_, index) => String(index));
  if (names.length !== values.length) {
    throw new ValueError(`classNames has ${names.length} names but probabilities has ${values.length} classes; pass one name per class.`);
  }
  const trueLabel = options.trueLabel;
  if (trueLabel !== undefined && !(Number.isInteger(trueLabel) && trueLabel >= 0 && trueLabel < values.length)) {
    throw new ValueError(`trueLabel must be an integer class index in [0, ${values.length - 1}], got ${trueLabel}.`);
  }
  let predicted = 0;
  values.forEach((value, index) => {
    if (value > (values[predicted] ?? 0)) predicted = index;
  });
  const percent = (value: number) => `${(value * 100).toFixed(1)}%`;
  const predictedName = names[predicted] ?? '';
  const title =
    options.title ?? `Predicted: ${predictedName} (${percent(values[predicted] ?? 0)})${trueLabel !== undefined ? ` · true: ${names[trueLabel] ?? ''}` : ''}`;
  const fontSize = 12;
  const width = options.width ?? 520;
  const labelWidth = 10 + Math.min(width * 0.35, Math.max(...names.map((name) => textWidth(name, fontSize, true)))) + 16;
  const rowHeight = 24;
  const top = 44;
  const plotWidth = width - labelWidth - 70;
  const height = top + rowHeight * values.length + 32;
  const maximum = Math.max(1, ...values);
  const x = (value: number) => labelWidth + (Math.max(0, value) / maximum) * plotWidth;
  const ticks = linearTicks(0, maximum, 6);
  const parts: string[] = [
    textElement(width / 2, 26, fitText(title, 15, width - 20, true), { size: 15, anchor: 'middle', bold: true, attributes: { class: 'title' } }),
  ];
  parts.push(
    element('path', {
      d: ticks.map((tick) => `M${x(tick.value)} ${top - 4}V${top + rowHeight * values.length}`).join(''),
      stroke: GRID_COLOR,
      class: 'grid',
    }),
  );
  values.forEach((value, index) => {
    const y = top + index * rowHeight;
    const color =
      index === predicted ? (trueLabel === undefined || trueLabel === predicted ? '#2ca02c' : '#d62728') : index === trueLabel ? '#1f77b4' : '#a9b4c2';
    parts.push(
      element('rect', {
        x: labelWidth,
        y: y + 4,
        width: Math.max(0.5, x(value) - labelWidth),
        height: rowHeight - 8,
        fill: color,
        class: 'bar',
        'data-class': names[index],
        'data-value': value,
      }),
      textElement(labelWidth - 8, y + rowHeight / 2, fitText(names[index] ?? '', fontSize, labelWidth - 22, index === predicted), {
        size: fontSize,
        anchor: 'end',
        baseline: 'middle',
        fill: LABEL_COLOR,
        bold: index === predicted,
      }),
      textElement(x(value) + 5, y + rowHeight / 2, percent(value), { size: 11, baseline: 'middle', fill: '#444', attributes: { class: 'bar-label' } }),
    );
  });
  const axisY = top + rowHeight * values.length;
  parts.push(element('path', { d: `M${labelWidth} ${top - 4}V${axisY}H${labelWidth + plotWidth}`, stroke: AXIS_COLOR, fill: 'none' }));
  for (const tick of ticks) {
    parts.push(
      element('path', { d: `M${x(tick.value)} ${axisY}v4`, stroke: AXIS_COLOR }),
      textElement(x(tick.value), axisY + 7, tick.label, {
        size: 11,
        anchor: 'middle',
        baseline: 'hanging',
        fill: LABEL_COLOR,
        attributes: { class: 'tick-label x' },
      }),
    );
  }
  return svgDocument(parts, { width, height, title, kind: 'predictions' });
}
