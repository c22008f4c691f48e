import { ValueError } from '@keras-ts/common';
import { extractModelGraph, type ModelGraph, type ModelGraphOptions } from '../graph/extract.js';
import { layoutGraph, type LayoutResult, type PlacedNode } from '../graph/layout.js';
import type { ModelLike } from '../model-graph.js';
import { svgDocument } from '../svg/document.js';
import { element, textElement } from '../svg/element.js';
import { textWidth } from '../svg/text-width.js';

/** Options for {@link plotModel}; the defaults follow Keras 3's `plot_model`. */
export interface PlotModelOptions extends ModelGraphOptions {
  /** 'TB' draws the graph top to bottom (default), 'LR' left to right. */
  rankdir?: 'TB' | 'LR';
  /** Title above the graph. */
  title?: string;
}

const HEADER_SIZE = 13;
const DETAIL_SIZE = 12;
const LINE_HEIGHT = 18;
const BLOCK_PADDING = 14;
const BLOCK_TITLE = 24;

interface Laid {
  result: LayoutResult;
  inner: Map<string, Laid>;
}

function boxSize(graph: ModelGraph, id: string, inner: Map<string, Laid>): { width: number; height: number } {
  const block = inner.get(id);
  const node = graph.nodes.find((entry) => entry.id === id);
  if (block) {
    const titleWidth = textWidth(node?.header ?? '', HEADER_SIZE, true) + 2 * BLOCK_PADDING;
    return { width: Math.max(block.result.width + 2 * BLOCK_PADDING, titleWidth), height: block.result.height + 2 * BLOCK_PADDING + BLOCK_TITLE };
  }
  const widths = [textWidth(node?.header ?? '', HEADER_SIZE, true), ...(node?.details ?? []).map((line) => textWidth(line, DETAIL_SIZE))];
  const lines = 1 + (node?.details.length ?? 0);
  return { width: Math.max(96, Math.max(...widths) + 28), height: 16 + lines * LINE_HEIGHT + (lines > 1 ? 6 : 0) };
}

function layoutModel(graph: ModelGraph, rankdir: 'TB' | 'LR'): Laid {
  const inner = new Map<string, Laid>();
  for (const node of graph.nodes) if (node.nested) inner.set(node.id, layoutModel(node.nested, rankdir));
  const sizes = graph.nodes.map((node) => ({ id: node.id, ...boxSize(graph, node.id, inner) }));
  return { result: layoutGraph(sizes, graph.edges, { rankdir }), inner };
}

/** Absolute box of every node at every nesting level. */
function absoluteBoxes(graph: ModelGraph, laid: Laid, dx: number, dy: number, out: Map<string, PlacedNode>): void {
  for (const node of graph.nodes) {
    const box = laid.result.nodes.get(node.id);
    if (!box) continue;
    const absolute = { ...box, x: box.x + dx, y: box.y + dy };
    out.set(node.id, absolute);
    const block = laid.inner.get(node.id);
    if (node.nested && block)
      absoluteBoxes(node.nested, block, absolute.x + (absolute.width - block.result.width) / 2, absolute.y + BLOCK_TITLE + BLOCK_PADDING, out);
  }
}

function edgePath(points: readonly [number, number][], vertical: boolean): string {
  const [first, ...rest] = points;
  if (!first) return '';
  let d = `M${first[0].toFixed(1)} ${first[1].toFixed(1)}`;
  let previous = first;
  for (const point of rest) {
    const half = vertical ? (point[1] - previous[1]) / 2 : (point[0] - previous[0]) / 2;
    const c1 = vertical ? [previous[0], previous[1] + half] : [previous[0] + half, previous[1]];
    const c2 = vertical ? [point[0], point[1] - half] : [point[0] - half, point[1]];
    d += `C${c1.map((value) => value.toFixed(1)).join(' ')} ${c2.map((value) => value.toFixed(1)).join(' ')} ${point[0].toFixed(1)} ${point[1].toFixed(1)}`;
    previous = point;
  }
  return d;
}

interface Layers {
  frames: string[];
  edges: string[];
  boxes: string[];
}

// Drawn in three layers (nested frames, then edges, then boxes and frame titles)
// so arrows entering a nested model pass behind its title instead of over it.
function drawLevel(graph: ModelGraph, laid: Laid, boxes: Map<string, PlacedNode>, vertical: boolean, out: Layers): void {
  for (const node of graph.nodes) {
    const box = boxes.get(node.id);
    if (!box) continue;
    const block = laid.inner.get(node.id);
    if (node.nested && block) {
      out.frames.push(
        element('rect', {
          x: box.x,
          y: box.y,
          width: box.width,
          height: box.height,
          rx: 8,
          fill: '#f7f7fa',
          stroke: '#8a8fa3',
          'stroke-dasharray': '6 4',
          'stroke-width': 1.2,
          class: 'nested-model',
          'data-id': node.id,
        }),
      );
      out.boxes.push(
        textElement(box.x + 10, box.y + 17, node.header, {
          size: HEADER_SIZE,
          bold: true,
          fill: '#3b4054',
          attributes: { class: 'nested-title', stroke: '#f7f7fa', 'stroke-width': 5, 'stroke-linejoin': 'round', 'paint-order': 'stroke' },
        }),
      );
      drawLevel(node.nested, block, boxes, vertical, out);
      continue;
    }
    const isInput = node.className === 'InputLayer';
    const content = [
      element('rect', {
        x: box.x,
        y: box.y,
        width: box.width,
        height: box.height,
        rx: 6,
        fill: isInput ? '#eef7ee' : '#eef3fa',
        stroke: isInput ? '#5a9a5a' : '#4a74a8',
        'stroke-width': 1.3,
      }),
      textElement(box.x + box.width / 2, box.y + 8 + LINE_HEIGHT / 2, node.header, {
        size: HEADER_SIZE,
        anchor: 'middle',
        baseline: 'middle',
        bold: true,
        attributes: { class: 'layer-header' },
      }),
    ];
    if (node.details.length > 0) {
      const ruleY = box.y + 8 + LINE_HEIGHT + 4;
      content.push(element('path', { d: `M${box.x} ${ruleY}h${box.width}`, stroke: isInput ? '#a9cfa9' : '#a8bfdc' }));
      node.details.forEach((line, index) => {
        content.push(
          textElement(box.x + box.width / 2, ruleY + 4 + LINE_HEIGHT * (index + 0.5), line, {
            size: DETAIL_SIZE,
            anchor: 'middle',
            baseline: 'middle',
            fill: '#333',
            attributes: { class: 'layer-detail' },
          }),
        );
      });
    }
    out.boxes.push(element('g', { class: 'layer', 'data-id': node.id, 'data-class': node.className }, content));
  }
  graph.edges.forEach((edge, index) => {
    // Routes are laid out in the level's own frame; shift them by the level's origin.
    const origin = originOf(graph, laid, boxes);
    const points = (laid.result.routes[index] ?? []).map(([x, y]): [number, number] => [x + origin[0], y + origin[1]]);
    const exit = edge.fromPort ? boxes.get(edge.fromPort) : undefined;
    const entry = edge.toPort ? boxes.get(edge.toPort) : undefined;
    if (exit && points.length > 0) points[0] = vertical ? [exit.x + exit.width / 2, exit.y + exit.height] : [exit.x + exit.width, exit.y + exit.height / 2];
    if (entry && points.length > 0) points[points.length - 1] = vertical ? [entry.x + entry.width / 2, entry.y] : [entry.x, entry.y + entry.height / 2];
    out.edges.push(
      element('path', {
        d: edgePath(points, vertical),
        fill: 'none',
        stroke: '#555b66',
        'stroke-width': 1.4,
        'marker-end': 'url(#keras-ts-arrow)',
        class: 'edge',
        'data-from': edge.fromPort ?? edge.from,
        'data-to': edge.toPort ?? edge.to,
      }),
    );
  });
}

/** Offset between a level's layout frame and the drawing, read off any of its placed nodes. */
function originOf(graph: ModelGraph, laid: Laid, boxes: Map<string, PlacedNode>): [number, number] {
  for (const node of graph.nodes) {
    const local = laid.result.nodes.get(node.id);
    const absolute = boxes.get(node.id);
    if (local && absolute) return [absolute.x - local.x, absolute.y - local.y];
  }
  return [0, 0];
}

/**
 * Draws a model's layer graph like Keras's `plot_model`, without Graphviz:
 * one box per layer (class name; optionally name, shapes, dtype, activation),
 * arrows from producers to consumers, multi-input/-output and shared layers
 * drawn once with all their connections, and nested models either as one box
 * or (with `expandNested`) as a dashed frame around their own layers.
 *
 * @returns a standalone SVG document string.
 */
export function plotModel(model: ModelLike, options: PlotModelOptions = {}): string {
  const rankdir = options.rankdir ?? 'TB';
  if (rankdir !== 'TB' && rankdir !== 'LR') throw new ValueError(`rankdir must be 'TB' or 'LR', got ${JSON.stringify(rankdir)}.`);
  const graph = extractModelGraph(model, options);
  const laid = layoutModel(graph, rankdir);
  const margin = 20;
  const titleHeight = options.title ? 34 : 0;
  const boxes = new Map<string, PlacedNode>();
  absoluteBoxes(graph, laid, margin, margin + titleHeight, boxes);
  const layers: Layers = { frames: [], edges: [], boxes: [] };
  drawLevel(graph, laid, boxes, rankdir === 'TB', layers);
  const width = Math.max(laid.result.width + 2 * margin, options.title ? textWidth(options.title, 16, true) + 2 * margin : 0);
  const height = laid.result.height + 2 * margin + titleHeight;
  const title = options.title ? textElement(width / 2, 26, options.title, { size: 16, anchor: 'middle', bold: true, attributes: { class: 'title' } }) : '';
  const arrow = element(
    'marker',
    { id: 'keras-ts-arrow', viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto', markerUnits: 'userSpaceOnUse' },
    element('path', { d: 'M0 0L10 5L0 10z', fill: '#555b66' }),
  );
  return svgDocument([title, ...layers.frames, ...layers.edges, ...layers.boxes], {
    width,
    height,
    title: options.title ?? `Model ${model.name}`,
    kind: 'model',
    definitions: arrow,
  });
}
