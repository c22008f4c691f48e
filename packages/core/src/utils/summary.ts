import { InputLayer } from '../engine/input-layer.js';
import type { Layer } from '../engine/layer.js';
import type { Node } from '../engine/node.js';
import { formatShape } from '../engine/types.js';

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

function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  for (const part of text.split('\n')) {
    let rest = part;
    while (rest.length > width) {
      lines.push(rest.slice(0, width));
      rest = rest.slice(width);
    }
    lines.push(rest);
  }
  return lines;
}

/**
 * Keras 3's model summary as lines of text: a box-drawn table of layers (name and class,
 * output shape, parameter count, and "Connected to" for graphs with branches), then totals.
 */
export function summarize(model: SummarizableModel, options: { lineLength?: number } = {}): string[] {
  const sequentialLike = isSequentialLike(model);
  const headers = sequentialLike ? ['Layer (type)', 'Output Shape', 'Param #'] : ['Layer (type)', 'Output Shape', 'Param #', 'Connected to'];
  const baseWidths = sequentialLike ? [33, 24, 15] : [29, 22, 11, 26];
  const total = baseWidths.reduce((a, b) => a + b, 0);
  const scale = options.lineLength !== undefined ? Math.max(0.5, (options.lineLength - headers.length - 1) / total) : 1;
  const widths = baseWidths.map((w) => Math.max(8, Math.floor(w * scale)));
  const align = headers.map((h) => (h === 'Param #' ? 'right' : 'left'));
  const cell = (text: string, i: number) => {
    const inner = widths[i]! - 2;
    return ` ${align[i] === 'right' ? text.padStart(inner) : text.padEnd(inner)} `;
  };
  const rule = (left: string, fill: string, mid: string, right: string) => left + widths.map((w) => fill.repeat(w)).join(mid) + right;
  const rowLines = (cells: string[]): string[] => {
    const wrapped = cells.map((text, i) => wrap(text, widths[i]! - 2));
    const height = Math.max(...wrapped.map((w) => w.length));
    const out: string[] = [];
    for (let line = 0; line < height; line++) out.push(`│${wrapped.map((w, i) => cell(w[line] ?? '', i)).join('│')}│`);
    return out;
  };

  const lines = [`Model: "${model.name}"`, rule('┏', '━', '┳', '┓'), `┃${headers.map((h, i) => cell(h, i)).join('┃')}┃`, rule('┡', '━', '╇', '┩')];
  const layers = model.layers;
  layers.forEach((layer, index) => {
    const cells = [`${layer.name} (${layer.className})`, outputShapeText(layer), formatCount(layer.countParams())];
    if (!sequentialLike) {
      const inbound = model.nodes
        .filter((node) => node.outboundLayer === layer)
        .flatMap((node) => node.inputTensors.map((t) => `${t.sourceLayer.name}[${t.nodeIndex}][${t.tensorIndex}]`));
      cells.push(inbound.length > 0 ? inbound.join(',\n') : '-');
    }
    lines.push(...rowLines(cells));
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
