import { describe, expect, it } from 'vitest';
import { layerGraph } from './layering.js';
import { layoutGraph } from './layout.js';
import { countCrossings, orderLayers } from './ordering.js';

const box = (id: string) => ({ id, width: 100, height: 40 });

function overlaps(a: { x: number; y: number; width: number; height: number }, b: typeof a): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

describe('layerGraph', () => {
  it('ranks by longest path, pulls late inputs down and adds dummies for long edges', () => {
    // a → b → c → d, a → d (long edge), aux → d (late input).
    const nodes = ['a', 'b', 'c', 'd', 'aux'].map((id) => ({ id, breadth: 10, depth: 10 }));
    const graph = layerGraph(nodes, [
      { from: 'a', to: 'b' },
      { from: 'b', to: 'c' },
      { from: 'c', to: 'd' },
      { from: 'a', to: 'd' },
      { from: 'aux', to: 'd' },
    ]);
    const rankOf = (id: string) => graph.layers.findIndex((layer) => layer.includes(id));
    expect(['a', 'b', 'c', 'd', 'aux'].map(rankOf)).toEqual([0, 1, 2, 3, 2]);
    // a → d spans 3 ranks: two dummies.
    expect(graph.chains[3]?.length).toBe(4);
    expect(graph.chains[4]?.length).toBe(2);
  });

  it('throws on cycles', () => {
    const nodes = ['a', 'b'].map((id) => ({ id, breadth: 1, depth: 1 }));
    expect(() =>
      layerGraph(nodes, [
        { from: 'a', to: 'b' },
        { from: 'b', to: 'a' },
      ]),
    ).toThrow(/cycle/);
  });
});

describe('orderLayers', () => {
  it('removes the crossing of a twisted bipartite graph', () => {
    // Initial DFS order puts x under a and y under b, but a → y and b → x: one crossing at first.
    const nodes = ['a', 'b', 'x', 'y', 'z'].map((id) => ({ id, breadth: 1, depth: 1 }));
    const graph = layerGraph(nodes, [
      { from: 'a', to: 'y' },
      { from: 'b', to: 'x' },
      { from: 'a', to: 'z' },
      { from: 'b', to: 'z' },
    ]);
    graph.layers[1] = ['x', 'z', 'y'];
    expect(countCrossings(graph)).toBeGreaterThan(0);
    orderLayers(graph);
    expect(countCrossings(graph)).toBe(0);
  });
});

describe('layoutGraph', () => {
  const edges = [
    { from: 'in1', to: 'mid' },
    { from: 'in2', to: 'mid' },
    { from: 'mid', to: 'out1' },
    { from: 'mid', to: 'out2' },
    { from: 'in1', to: 'out2' },
  ];
  const nodes = ['in1', 'in2', 'mid', 'out1', 'out2'].map(box);

  for (const rankdir of ['TB', 'LR'] as const) {
    it(`places boxes without overlap, in rank order (${rankdir})`, () => {
      const result = layoutGraph(nodes, edges, { rankdir });
      const placed = [...result.nodes.values()];
      for (let a = 0; a < placed.length; a++) {
        for (let b = a + 1; b < placed.length; b++) expect(overlaps(placed[a] as never, placed[b] as never)).toBe(false);
      }
      const depth = (id: string) => (rankdir === 'TB' ? result.nodes.get(id)?.y : result.nodes.get(id)?.x) ?? 0;
      expect(depth('in1')).toBeLessThan(depth('mid'));
      expect(depth('mid')).toBeLessThan(depth('out1'));
      for (const node of placed) {
        expect(node.x).toBeGreaterThanOrEqual(-1e-9);
        expect(node.y).toBeGreaterThanOrEqual(-1e-9);
        expect(node.x + node.width).toBeLessThanOrEqual(result.width + 1e-9);
        expect(node.y + node.height).toBeLessThanOrEqual(result.height + 1e-9);
      }
      // Routes start at the source's exit side and end at the target's entry side.
      const route = result.routes[4] ?? [];
      const source = result.nodes.get('in1');
      const target = result.nodes.get('out2');
      // in1 (rank 0) → out2 (rank 2): one dummy in between.
      expect(route.length).toBe(3);
      if (rankdir === 'TB') {
        expect(route[0]?.[1]).toBeCloseTo((source?.y ?? 0) + 40);
        expect(route[2]?.[1]).toBeCloseTo(target?.y ?? 0);
      } else {
        expect(route[0]?.[0]).toBeCloseTo((source?.x ?? 0) + 100);
        expect(route[2]?.[0]).toBeCloseTo(target?.x ?? 0);
      }
    });
  }

  it('centres a single chain on one axis', () => {
    const result = layoutGraph(['a', 'b', 'c'].map(box), [
      { from: 'a', to: 'b' },
      { from: 'b', to: 'c' },
    ]);
    const xs = ['a', 'b', 'c'].map((id) => result.nodes.get(id)?.x);
    expect(new Set(xs).size).toBe(1);
  });
});
