import { describe, expect, it } from 'vitest';
import { keepsElementOrder } from './transpose.js';

/** Row-major flat positions of every element after transposing `shape` by `perm` (the reference). */
function flatOrderAfter(shape: number[], perm: number[]): number[] {
  const strides = shape.map((_, axis) => shape.slice(axis + 1).reduce((product, d) => product * d, 1));
  const outShape = perm.map((axis) => shape[axis]!);
  const order: number[] = [];
  const visit = (axis: number, offset: number) => {
    if (axis === outShape.length) return void order.push(offset);
    for (let i = 0; i < outShape[axis]!; i++) visit(axis + 1, offset + i * strides[perm[axis]!]!);
  };
  visit(0, 0);
  return order;
}

function permutations(n: number): number[][] {
  if (n === 0) return [[]];
  return permutations(n - 1).flatMap((perm) => Array.from({ length: n }, (_, at) => [...perm.slice(0, at), n - 1, ...perm.slice(at)]));
}

describe('keepsElementOrder', () => {
  it('answers the documented cases', () => {
    expect(keepsElementOrder([5, 1, 3], [1, 0, 2])).toBe(true);
    expect(keepsElementOrder([4, 5], [1, 0])).toBe(false);
    expect(keepsElementOrder([4, 5], [0, 1])).toBe(true);
    expect(keepsElementOrder([], [])).toBe(true);
  });

  it('is true exactly when the transposed elements stay in flat order, for every permutation of rank ≤ 4 shapes with length-1 axes', () => {
    const shapes = [[3], [1, 4], [4, 1], [2, 3], [1, 1, 3], [2, 1, 3], [3, 2, 1], [1, 2, 1, 3], [2, 1, 1, 2], [1, 1, 1, 1], [2, 3, 1, 4]];
    let checked = 0;
    for (const shape of shapes) {
      const identity = Array.from({ length: shape.reduce((product, d) => product * d, 1) }, (_, i) => i);
      for (const perm of permutations(shape.length)) {
        expect(keepsElementOrder(shape, perm), `[${shape}] by [${perm}]`).toBe(flatOrderAfter(shape, perm).every((position, i) => position === identity[i]));
        checked++;
      }
    }
    expect(checked).toBe(1 + 2 * 3 + 6 * 3 + 24 * 4);
  });
});
