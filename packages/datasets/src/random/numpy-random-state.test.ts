import { describe, expect, it } from 'vitest';
import { NumpyRandomState } from './numpy-random-state.js';

// Reference values come from numpy 2.4.6 (`np.random.RandomState(seed)`) and the MT19937 paper's
// reference generator, not from this code.
describe('NumpyRandomState', () => {
  it('produces the reference MT19937 outputs for integer seeds', () => {
    const fromDefaultSeed = new NumpyRandomState(5489);
    expect([fromDefaultSeed.nextUint32(), fromDefaultSeed.nextUint32(), fromDefaultSeed.nextUint32()]).toEqual([3499211612, 581869302, 3890346734]);
    const fromZero = new NumpyRandomState(0);
    expect([fromZero.nextUint32(), fromZero.nextUint32(), fromZero.nextUint32()]).toEqual([2357136044, 2546248239, 3071714933]);
    const fromMax = new NumpyRandomState(4294967295);
    expect([fromMax.nextUint32(), fromMax.nextUint32()]).toEqual([419326371, 479346978]);
  });

  it('permutes exactly like RandomState(seed).permutation(n)', () => {
    expect(new NumpyRandomState(0).permutation(10)).toEqual([2, 8, 4, 9, 1, 6, 7, 3, 0, 5]);
    expect(new NumpyRandomState(113).permutation(10)).toEqual([9, 3, 6, 1, 0, 7, 4, 8, 2, 5]);
    expect(new NumpyRandomState(113).permutation(25)).toEqual([18, 19, 3, 8, 13, 14, 1, 6, 9, 24, 4, 17, 11, 7, 22, 21, 20, 15, 0, 16, 23, 12, 10, 2, 5]);
    const large = new NumpyRandomState(113).permutation(70000);
    expect(large.slice(0, 5)).toEqual([933, 68486, 16242, 49114, 23010]);
    expect(large.slice(-3)).toEqual([2710, 16236, 30282]);
  });

  it('continues the stream across calls, as Keras does for imdb train then test', () => {
    const random = new NumpyRandomState(113);
    expect(random.permutation(4)).toEqual([3, 2, 0, 1]);
    expect(random.permutation(3)).toEqual([1, 0, 2]);
  });

  it('rejects seeds numpy rejects', () => {
    expect(() => new NumpyRandomState(-1)).toThrow(/seed must be an integer between 0 and 2\*\*32 - 1/);
    expect(() => new NumpyRandomState(1.5)).toThrow(/got 1\.5/);
  });
});
