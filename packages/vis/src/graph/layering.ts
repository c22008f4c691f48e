import { GraphError } from '@keras-ts/common';
/** A node to lay out, with its size along the layer (breadth) and across layers (depth). */
export interface LayeredNode {
  /** Node id. */
  id: string;
  /** Size along the layer axis (width when ranks run top to bottom). */
  breadth: number;
  /** Size along the rank axis (height when ranks run top to bottom). */
  depth: number;
  /** Dummy nodes carry long edges through intermediate layers. */
  dummy?: boolean;
}

/** The layered graph: nodes per layer in order, and edges between adjacent layers only. */
export interface LayeredGraph {
  /** Node ids of each layer, in left-to-right order. */
  layers: string[][];
  /** Every node (real and dummy) by id. */
  nodes: Map<string, LayeredNode>;
  /** Predecessors (previous layer) of each node. */
  predecessors: Map<string, string[]>;
  /** Successors (next layer) of each node. */
  successors: Map<string, string[]>;
  /** For each original edge index, the chain of node ids from source to target. */
  chains: string[][];
}

/**
 * Assigns layers by longest path from the sources, then moves each source
 * down to just above its first consumer (so a late auxiliary input sits next to
 * where it is used), and splits edges that span several layers with dummy nodes.
 * Throws when the graph has a cycle.
 */
export function layerGraph(nodes: readonly LayeredNode[], edges: readonly { from: string; to: string }[]): LayeredGraph {
  const outgoing = new Map<string, string[]>(nodes.map((node) => [node.id, []]));
  const incomingCount = new Map<string, number>(nodes.map((node) => [node.id, 0]));
  for (const edge of edges) {
    if (!outgoing.has(edge.from) || !outgoing.has(edge.to)) throw new GraphError(`layout: edge ${edge.from} → ${edge.to} names an unknown node.`);
    outgoing.get(edge.from)?.push(edge.to);
    incomingCount.set(edge.to, (incomingCount.get(edge.to) ?? 0) + 1);
  }
  const order: string[] = [];
  const pending = new Map(incomingCount);
  const queue = nodes.filter((node) => (pending.get(node.id) ?? 0) === 0).map((node) => node.id);
  while (queue.length > 0) {
    const id = queue.shift() as string;
    order.push(id);
    for (const next of outgoing.get(id) ?? []) {
      pending.set(next, (pending.get(next) ?? 0) - 1);
      if (pending.get(next) === 0) queue.push(next);
    }
  }
  if (order.length !== nodes.length) throw new GraphError('layout: the model graph has a cycle; a layer cannot consume its own output.');
  const rank = new Map<string, number>(nodes.map((node) => [node.id, 0]));
  for (const id of order) {
    for (const next of outgoing.get(id) ?? []) rank.set(next, Math.max(rank.get(next) ?? 0, (rank.get(id) ?? 0) + 1));
  }
  for (const node of nodes) {
    const consumers = outgoing.get(node.id) ?? [];
    if ((incomingCount.get(node.id) ?? 0) === 0 && consumers.length > 0) {
      rank.set(node.id, Math.min(...consumers.map((next) => rank.get(next) ?? 0)) - 1);
    }
  }
  const all = new Map<string, LayeredNode>(nodes.map((node) => [node.id, node]));
  const predecessors = new Map<string, string[]>(nodes.map((node) => [node.id, []]));
  const successors = new Map<string, string[]>(nodes.map((node) => [node.id, []]));
  const chains: string[][] = [];
  let dummyCount = 0;
  for (const edge of edges) {
    const chain = [edge.from];
    for (let layer = (rank.get(edge.from) ?? 0) + 1; layer < (rank.get(edge.to) ?? 0); layer++) {
      const id = `\u0000dummy${dummyCount++}`;
      all.set(id, { id, breadth: 0, depth: 0, dummy: true });
      rank.set(id, layer);
      predecessors.set(id, []);
      successors.set(id, []);
      chain.push(id);
    }
    chain.push(edge.to);
    for (let index = 1; index < chain.length; index++) {
      const from = chain[index - 1] as string;
      const to = chain[index] as string;
      successors.get(from)?.push(to);
      predecessors.get(to)?.push(from);
    }
    chains.push(chain);
  }
  const layerCount = Math.max(0, ...[...rank.values()]) + 1;
  const layers: string[][] = Array.from({ length: layerCount }, () => []);
  // Initial order: depth-first from the sources in input order keeps siblings together.
  const seen = new Set<string>();
  const visit = (id: string) => {
    if (seen.has(id)) return;
    seen.add(id);
    layers[rank.get(id) ?? 0]?.push(id);
    for (const next of successors.get(id) ?? []) visit(next);
  };
  for (const node of nodes) if ((predecessors.get(node.id) ?? []).length === 0) visit(node.id);
  for (const id of all.keys()) visit(id);
  return { layers, nodes: all, predecessors, successors, chains };
}
