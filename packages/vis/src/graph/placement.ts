import type { LayeredGraph } from './layering.js';

/**
 * Positions `desired` centres in order with at least `gaps[i]` between centre i
 * and i+1, minimising the squared distance to the desired positions. Shifting
 * by the cumulative gaps turns this into isotonic regression, solved exactly by
 * pool-adjacent-violators.
 */
export function placeInOrder(desired: readonly number[], gaps: readonly number[]): number[] {
  const offsets: number[] = [0];
  for (let index = 1; index < desired.length; index++) offsets.push((offsets[index - 1] ?? 0) + (gaps[index - 1] ?? 0));
  const targets = desired.map((value, index) => value - (offsets[index] ?? 0));
  const blocks: { sum: number; count: number }[] = [];
  for (const target of targets) {
    blocks.push({ sum: target, count: 1 });
    while (blocks.length > 1) {
      const last = blocks[blocks.length - 1] as { sum: number; count: number };
      const previous = blocks[blocks.length - 2] as { sum: number; count: number };
      if (previous.sum / previous.count <= last.sum / last.count) break;
      previous.sum += last.sum;
      previous.count += last.count;
      blocks.pop();
    }
  }
  const solved: number[] = [];
  for (const block of blocks) for (let index = 0; index < block.count; index++) solved.push(block.sum / block.count);
  return solved.map((value, index) => value + (offsets[index] ?? 0));
}

/**
 * Breadth coordinates (centres) for every node: nodes are pulled towards the
 * mean position of their neighbours in sweeps down, up and both ways, while
 * keeping the layer order and the minimum spacing.
 */
export function assignBreadth(graph: LayeredGraph, nodeGap: number, dummyGap: number): Map<string, number> {
  const center = new Map<string, number>();
  const gapsOf = (ids: readonly string[]) =>
    ids.slice(1).map((id, index) => {
      const left = graph.nodes.get(ids[index] as string);
      const right = graph.nodes.get(id);
      const gap = left?.dummy || right?.dummy ? dummyGap : nodeGap;
      return ((left?.breadth ?? 0) + (right?.breadth ?? 0)) / 2 + gap;
    });
  for (const ids of graph.layers) {
    const positions = placeInOrder(
      ids.map(() => 0),
      gapsOf(ids),
    );
    ids.forEach((id, index) => {
      center.set(id, positions[index] ?? 0);
    });
  }
  const relax = (layerIndex: number, useUp: boolean, useDown: boolean) => {
    const ids = graph.layers[layerIndex] ?? [];
    const desired = ids.map((id) => {
      const linked = [...(useUp ? (graph.predecessors.get(id) ?? []) : []), ...(useDown ? (graph.successors.get(id) ?? []) : [])];
      if (linked.length === 0) return center.get(id) ?? 0;
      return linked.reduce((sum, other) => sum + (center.get(other) ?? 0), 0) / linked.length;
    });
    const positions = placeInOrder(desired, gapsOf(ids));
    ids.forEach((id, index) => {
      center.set(id, positions[index] ?? 0);
    });
  };
  for (let round = 0; round < 6; round++) {
    for (let layer = 1; layer < graph.layers.length; layer++) relax(layer, true, false);
    for (let layer = graph.layers.length - 2; layer >= 0; layer--) relax(layer, false, true);
  }
  for (let layer = 0; layer < graph.layers.length; layer++) relax(layer, true, true);
  return center;
}
