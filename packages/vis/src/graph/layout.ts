import { type LayeredNode, layerGraph } from './layering.js';
import { orderLayers } from './ordering.js';
import { assignBreadth } from './placement.js';

/** A box to lay out. */
export interface LayoutNode {
  /** Node id. */
  id: string;
  /** Width in pixels. */
  width: number;
  /** Height in pixels. */
  height: number;
}

/** Where a box ended up (top-left corner and size). */
export interface PlacedNode {
  /** Left edge. */
  x: number;
  /** Top edge. */
  y: number;
  /** Width. */
  width: number;
  /** Height. */
  height: number;
}

/** Options for {@link layoutGraph}. */
export interface LayoutOptions {
  /** 'TB' lays ranks out top to bottom, 'LR' left to right. Default 'TB'. */
  rankdir?: 'TB' | 'LR';
  /** Space between boxes in one rank. Default 28. */
  nodeGap?: number;
  /** Space between ranks. Default 44 (TB) or 56 (LR). */
  rankGap?: number;
  /** Empty border around the drawing. Default 0. */
  margin?: number;
}

/** The laid-out graph: boxes by id, and each edge's route through its bend points. */
export interface LayoutResult {
  /** Total width. */
  width: number;
  /** Total height. */
  height: number;
  /** Boxes by id. */
  nodes: Map<string, PlacedNode>;
  /** Route of each input edge (same order): points from the source's exit side to the target's entry side. */
  routes: [number, number][][];
}

/**
 * Layered (Sugiyama-style) layout of a DAG without Graphviz: longest-path
 * ranks, dummy nodes for long edges, barycentre crossing reduction, and
 * spacing-constrained least-squares placement that keeps edges short and straight.
 */
export function layoutGraph(nodes: readonly LayoutNode[], edges: readonly { from: string; to: string }[], options: LayoutOptions = {}): LayoutResult {
  const vertical = (options.rankdir ?? 'TB') === 'TB';
  const margin = options.margin ?? 0;
  const rankGap = options.rankGap ?? (vertical ? 44 : 56);
  const layered: LayeredNode[] = nodes.map((node) => ({
    id: node.id,
    breadth: vertical ? node.width : node.height,
    depth: vertical ? node.height : node.width,
  }));
  const graph = layerGraph(layered, edges);
  orderLayers(graph);
  const centers = assignBreadth(graph, options.nodeGap ?? 28, 16);
  let minimum = Number.POSITIVE_INFINITY;
  let maximum = Number.NEGATIVE_INFINITY;
  for (const [id, center] of centers) {
    const half = (graph.nodes.get(id)?.breadth ?? 0) / 2;
    minimum = Math.min(minimum, center - half);
    maximum = Math.max(maximum, center + half);
  }
  if (!Number.isFinite(minimum)) {
    minimum = 0;
    maximum = 0;
  }
  const rankStart: number[] = [];
  const rankSize: number[] = [];
  let cursor = margin;
  for (const ids of graph.layers) {
    const size = Math.max(0, ...ids.map((id) => graph.nodes.get(id)?.depth ?? 0));
    rankStart.push(cursor);
    rankSize.push(size);
    cursor += size + rankGap;
  }
  const depthTotal = cursor - rankGap + margin;
  const breadthOf = (id: string) => (centers.get(id) ?? 0) - minimum + margin;
  const rankOf = new Map<string, number>();
  graph.layers.forEach((ids, rank) => {
    for (const id of ids) rankOf.set(id, rank);
  });
  const depthCenter = (id: string) => {
    const rank = rankOf.get(id) ?? 0;
    return (rankStart[rank] ?? 0) + (rankSize[rank] ?? 0) / 2;
  };
  const toPoint = (breadth: number, depth: number): [number, number] => (vertical ? [breadth, depth] : [depth, breadth]);
  const placed = new Map<string, PlacedNode>();
  for (const node of nodes) {
    const [cx, cy] = toPoint(breadthOf(node.id), depthCenter(node.id));
    placed.set(node.id, { x: cx - node.width / 2, y: cy - node.height / 2, width: node.width, height: node.height });
  }
  const routes = graph.chains.map((chain) =>
    chain.map((id, index) => {
      const node = graph.nodes.get(id);
      const half = (node?.depth ?? 0) / 2;
      const offset = index === 0 ? half : index === chain.length - 1 ? -half : 0;
      return toPoint(breadthOf(id), depthCenter(id) + offset);
    }),
  );
  const breadthTotal = maximum - minimum + 2 * margin;
  return {
    width: vertical ? breadthTotal : depthTotal,
    height: vertical ? depthTotal : breadthTotal,
    nodes: placed,
    routes,
  };
}
