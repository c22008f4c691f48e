import { describe, expect, it } from 'vitest';
import { placeInOrder } from './placement.js';

// Reference: brute-force search over a fine grid of the left position, with
// every following node pushed right only as far as the gaps require (for two
// nodes the optimum is known in closed form).
describe('placeInOrder', () => {
  it('keeps desired positions that already respect the gaps', () => {
    expect(placeInOrder([0, 100, 250], [50, 50])).toEqual([0, 100, 250]);
  });

  it('splits the difference symmetrically when two nodes want the same spot', () => {
    // Both want 10 with a gap of 40: least squares puts them at 10 ± 20.
    expect(placeInOrder([10, 10], [40])).toEqual([-10, 30]);
  });

  it('matches the least-squares optimum found by brute force', () => {
    const desired = [5, 0, 30, 31];
    const gaps = [10, 10, 10];
    const cost = (positions: number[]) => positions.reduce((sum, value, index) => sum + (value - (desired[index] ?? 0)) ** 2, 0);
    let best = Number.POSITIVE_INFINITY;
    for (let a = -20; a <= 20; a += 0.25) {
      for (let c = a + 20; c <= 40; c += 0.25) {
        // For fixed a and c, the optimal b and d are their clamped desired values.
        const b = Math.min(Math.max(desired[1] ?? 0, a + 10), c - 10);
        const d = Math.max(desired[3] ?? 0, c + 10);
        best = Math.min(best, cost([a, b, c, d]));
      }
    }
    const placed = placeInOrder(desired, gaps);
    expect(cost(placed)).toBeLessThanOrEqual(best + 1e-9);
    placed.slice(1).forEach((value, index) => {
      expect(value - (placed[index] ?? 0)).toBeGreaterThanOrEqual(10 - 1e-9);
    });
  });
});
