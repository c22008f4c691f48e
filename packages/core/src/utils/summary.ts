import { InputLayer } from '../engine/input-layer.js';
import type { Layer } from '../engine/layer.js';
import type { Node } from '../engine/node.js';
import { formatShape } from '../engine/types.js';
import { ValueError } from '../errors/errors.js';

/** What the summary needs from a model. */
export interface SummarizableModel {
  readonly name: string;
  readonly layers: Layer[];
  readonly nodes: Node[];
  readonly weights: { size: number }[];
  readonly trainableWeights: { size: number }[];
  readonly nonTrainableWeights: { size: number }[];
  readonly className: string;
}

/** `1234567` → `1,234,567`. */
export function formatCount(count: number): string {
  return count.toLocaleString('en-US');
}

/** Keras's readable memory size: `13.54 KB`. */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(2)} ${units[unit]}`;
}

function outputShapeText(layer: Layer): string {
  try {
    return formatShape(layer.outputShape);
  } catch {
    return 'multiple';
  }
}

function isSequentialLike(model: SummarizableModel): boolean {
  if (model.className === 'Sequential') return true;
  return (
    model.nodes.every((node) => node.inputTensors.length === 1 && node.outputTensors.length === 1) &&
    model.layers.every((layer) => model.nodes.filter((node) => node.outboundLayer === layer).length <= 1) &&
    model.layers.filter((layer) => layer instanceof InputLayer).length === 1 &&
    model.nodes.every((node) => node.inputTensors[0]!.sourceLayer.outboundNodes.filter((n) => model.nodes.includes(n)).length <= 1)
  );
}

/** Python's `round` (halves to even), as rich's width arithmetic uses it. */
function roundHalfEven(value: number): number {
  const floor = Math.floor(value);
  const fraction = value - floor;
  if (fraction > 0.5) return floor + 1;
  if (fraction < 0.5) return floor;
  return floor % 2 === 0 ? floor : floor + 1;
}

/** rich's `ratio_reduce` with equal ratios: takes `excess` off the widths, spread evenly from the left. */
function reduceEvenly(excess: number, widths: number[]): number[] {
  let remaining = excess;
  let ratios = widths.length;
  return widths.map((width) => {
    const taken = Math.min(width, roundHalfEven(remaining / ratios));
    remaining -= taken;
    ratios -= 1;
    return width - taken;
  });
}

/** Cuts `line` to `width` columns, ending in "…" when it was longer (rich's overflow="ellipsis"). */
function truncate(line: string, width: number): string {
  const chars = [...line];
  return chars.length > width ? `${chars.slice(0, width - 1).join('')}…` : line;
}

/**
 * rich's word wrap (`divide_line` without folding, then justify and truncate): breaks before a word
 * that does not fit, keeps a word longer than the line on a line of its own, cut with "…".
 */
function wrap(text: string, width: number, align: 'left' | 'right'): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    const words = paragraph.match(/\s*\S+\s*/g) ?? [''];
    const divided: string[] = [];
    let line = '';
    for (const word of words) {
      const length = [...word.trimEnd()].length;
      if (line !== '' && width - [...line].length < length) {
        divided.push(line);
        line = '';
      }
      line += word;
    }
    divided.push(line);
    for (const part of divided) {
      const trimmed = truncate(part.trimEnd(), width);
      lines.push(align === 'right' ? trimmed.padStart(width) : trimmed.padEnd(width));
    }
  }
  return lines;
}

/** Where the table is printed: Keras caps the default width at the terminal's columns − 4. */
export interface SummaryOptions {
  /** Total table width. Default: Keras's 88 (108 with "Connected to"), at most `terminalColumns` − 4. */
  lineLength?: number;
  /** The terminal's width. Default: 80 (Python's fallback when there is no terminal). */
  terminalColumns?: number;
}

/**
 * Keras 3's model summary as lines of text, as rich draws it: a box-drawn table of layers (name
 * and class, output shape, parameter count, and "Connected to" for graphs with branches) whose
 * column widths come from Keras's positions, cells word-wrapped and cut with "…", then totals.
 */
export function summarize(model: SummarizableModel, options: SummaryOptions = {}): string[] {
  const sequentialLike = isSequentialLike(model);
  const headers = sequentialLike ? ['Layer (type)', 'Output Shape', 'Param #'] : ['Layer (type)', 'Output Shape', 'Param #', 'Connected to'];
  const positions = sequentialLike ? [0.45, 0.8, 1] : [0.3, 0.56, 0.74, 1];
  const lineLength = options.lineLength ?? Math.min(sequentialLike ? 88 : 108, (options.terminalColumns ?? 80) - 4);
  // Keras asks for these column widths; rich adds one space of padding each side and borders,
  // then takes the excess back evenly so the table is `lineLength` wide.
  const asked: number[] = [];
  let current = 0;
  for (const position of positions) {
    const width = Math.floor(position * lineLength) - current;
    if (width < 4) throw new ValueError(`Insufficient console width to print summary: lineLength ${lineLength} leaves a column under 4 characters.`);
    asked.push(width);
    current += width;
  }
  const padded = asked.map((width) => width + 2);
  const available = lineLength - (headers.length + 1);
  const total = padded.reduce((a, b) => a + b, 0);
  const widths = total > available ? reduceEvenly(total - available, padded) : padded;
  const align: ('left' | 'right')[] = headers.map((h) => (h === 'Param #' ? 'right' : 'left'));
  const rule = (left: string, fill: string, mid: string, right: string) => left + widths.map((w) => fill.repeat(w)).join(mid) + right;
  const rowLines = (cells: string[], border: string, vertical: 'top' | 'bottom'): string[] => {
    const wrapped = cells.map((text, i) => wrap(text, Math.max(1, widths[i]! - 2), align[i]!));
    const height = Math.max(...wrapped.map((w) => w.length));
    const blank = (i: number) => ' '.repeat(Math.max(1, widths[i]! - 2));
    const filled = wrapped.map((lines, i) => {
      const padding = Array.from({ length: height - lines.length }, () => blank(i));
      return vertical === 'top' ? [...lines, ...padding] : [...padding, ...lines];
    });
    return Array.from({ length: height }, (_, line) => `${border}${filled.map((w) => ` ${w[line]} `).join(border)}${border}`);
  };

  const lines = [`Model: "${model.name}"`, rule('┏', '━', '┳', '┓'), ...rowLines(headers, '┃', 'bottom'), rule('┡', '━', '╇', '┩')];
  const layers = model.layers;
  layers.forEach((layer, index) => {
    const cells = [`${layer.name} (${layer.className})`, outputShapeText(layer), formatCount(layer.countParams())];
    if (!sequentialLike) {
      const inbound = model.nodes
        .filter((node) => node.outboundLayer === layer)
        .flatMap((node) => node.inputTensors.map((t) => `${t.sourceLayer.name}[${t.nodeIndex}][${t.tensorIndex}]`));
      cells.push(inbound.length > 0 ? inbound.join(', ') : '-');
    }
    lines.push(...rowLines(cells, '│', 'top'));
    if (index < layers.length - 1) lines.push(rule('├', '─', '┼', '┤'));
  });
  lines.push(rule('└', '─', '┴', '┘'));
  const sum = (weights: { size: number }[]) => weights.reduce((a, w) => a + w.size, 0);
  const all = sum(model.weights);
  const trainable = sum(model.trainableWeights);
  const nonTrainable = sum(model.nonTrainableWeights);
  lines.push(` Total params: ${formatCount(all)} (${formatBytes(all * 4)})`);
  lines.push(` Trainable params: ${formatCount(trainable)} (${formatBytes(trainable * 4)})`);
  lines.push(` Non-trainable params: ${formatCount(nonTrainable)} (${formatBytes(nonTrainable * 4)})`);
  return lines;
}
