import type { LayeredGraph } from './layering.js';

/** Number of edge crossings between every pair of adjacent layers. */
export function countCrossings(graph: LayeredGraph): number {
  let crossings = 0;
  for (let layer = 0; layer + 1 < graph.layers.length; layer++) {
    const lower = new Map((graph.layers[layer + 1] ?? []).map((id, index) => [id, index]));
    const segments: [number, number][] = [];
    (graph.layers[layer] ?? []).forEach((id, upperIndex) => {
      for (const next of graph.successors.get(id) ?? []) segments.push([upperIndex, lower.get(next) ?? 0]);
    });
    for (let a = 0; a < segments.length; a++) {
      for (let b = a + 1; b < segments.length; b++) {
        const [a0, a1] = segments[a] as [number, number];
        const [b0, b1] = segments[b] as [number, number];
        if ((a0 - b0) * (a1 - b1) < 0) crossings++;
      }
    }
  }
  return crossings;
}

function sortByBarycenter(graph: LayeredGraph, layer: number, neighbors: Map<string, string[]>, reference: string[]): void {
  const position = new Map(reference.map((id, index) => [id, index]));
  const ids = graph.layers[layer] ?? [];
  const keyed = ids.map((id, index) => {
    const linked = (neighbors.get(id) ?? []).map((other) => position.get(other)).filter((value): value is number => value !== undefined);
    // Nodes without neighbours on that side keep their current slot.
    const key = linked.length > 0 ? linked.reduce((sum, value) => sum + value, 0) / linked.length : index;
    return { id, key, index };
  });
  keyed.sort((a, b) => a.key - b.key || a.index - b.index);
  graph.layers[layer] = keyed.map((entry) => entry.id);
}

/**
 * Reduces edge crossings with alternating down and up barycentre sweeps,
 * keeping the best ordering seen (the classic Sugiyama heuristic).
 */
export function orderLayers(graph: LayeredGraph, iterations = 12): void {
  let best = graph.layers.map((layer) => [...layer]);
  let bestCrossings = countCrossings(graph);
  for (let iteration = 0; iteration < iterations && bestCrossings > 0; iteration++) {
    if (iteration % 2 === 0) {
      for (let layer = 1; layer < graph.layers.length; layer++) sortByBarycenter(graph, layer, graph.predecessors, graph.layers[layer - 1] ?? []);
    } else {
      for (let layer = graph.layers.length - 2; layer >= 0; layer--) sortByBarycenter(graph, layer, graph.successors, graph.layers[layer + 1] ?? []);
    }
    const crossings = countCrossings(graph);
    if (crossings < bestCrossings) {
      bestCrossings = crossings;
      best = graph.layers.map((layer) => [...layer]);
    }
  }
  graph.layers = best;
}
