import type { ModelLike } from '../model-graph.js';
import { extractModelGraph, type ModelGraph, type ModelGraphOptions } from './extract.js';

/** Options for {@link modelToDot}. */
export interface ModelToDotOptions extends ModelGraphOptions {
  /** 'TB' (default) or 'LR'. */
  rankdir?: 'TB' | 'LR';
}

function quote(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}

function writeNodes(graph: ModelGraph, indent: string, lines: string[]): void {
  for (const node of graph.nodes) {
    if (node.nested) {
      lines.push(`${indent}subgraph ${quote(`cluster_${node.id}`)} {`);
      lines.push(`${indent}  label=${quote(node.header)}; style=dashed;`);
      writeNodes(node.nested, `${indent}  `, lines);
      lines.push(`${indent}}`);
      continue;
    }
    lines.push(`${indent}${quote(node.id)} [label=${quote([node.header, ...node.details].join('\n'))}];`);
  }
}

function writeEdges(graph: ModelGraph, indent: string, lines: string[]): void {
  for (const node of graph.nodes) if (node.nested) writeEdges(node.nested, indent, lines);
  for (const edge of graph.edges) {
    // A cluster is not a node in DOT, so an edge to an expanded model without a port lands on its first input or output layer.
    const from = edge.fromPort ?? firstNode(graph, edge.from, 'out');
    const to = edge.toPort ?? firstNode(graph, edge.to, 'in');
    lines.push(`${indent}${quote(from)} -> ${quote(to)};`);
  }
}

function firstNode(graph: ModelGraph, id: string, side: 'in' | 'out'): string {
  const nested = graph.nodes.find((node) => node.id === id)?.nested;
  if (!nested) return id;
  const inner = side === 'in' ? nested.inputIds[0] : nested.outputIds[0];
  return inner === undefined ? id : firstNode(nested, inner, side);
}

/**
 * The model graph as Graphviz DOT text, for users who have Graphviz
 * (`dot -Tpng model.dot -o model.png`). Boxes carry the same text as
 * {@link plotModel}'s; expanded nested models become dashed clusters.
 */
export function modelToDot(model: ModelLike, options: ModelToDotOptions = {}): string {
  const graph = extractModelGraph(model, options);
  const lines = [
    `digraph ${quote(model.name)} {`,
    `  rankdir=${options.rankdir ?? 'TB'};`,
    '  node [shape=box, style="rounded,filled", fillcolor="#eef3fa", fontname="DejaVu Sans"];',
  ];
  writeNodes(graph, '  ', lines);
  writeEdges(graph, '  ', lines);
  lines.push('}');
  return `${lines.join('\n')}\n`;
}
