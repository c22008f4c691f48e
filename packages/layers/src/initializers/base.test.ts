import { describe, expect, it } from 'vitest';
import { computeFans } from './base.js';

describe('computeFans', () => {
  it('follows Keras for scalars, vectors and dense kernels', () => {
    expect(computeFans([])).toEqual({ fanIn: 1, fanOut: 1 });
    expect(computeFans([7])).toEqual({ fanIn: 7, fanOut: 7 });
    expect(computeFans([784, 512])).toEqual({ fanIn: 784, fanOut: 512 });
  });

  it('multiplies the receptive field into both fans for conv kernels [...kernel, in, out]', () => {
    // Conv1D kernel 5, 16 → 32 channels: receptive field 5.
    expect(computeFans([5, 16, 32])).toEqual({ fanIn: 5 * 16, fanOut: 5 * 32 });
    // Conv2D 3×3, 16 → 32: receptive field 9.
    expect(computeFans([3, 3, 16, 32])).toEqual({ fanIn: 9 * 16, fanOut: 9 * 32 });
    // Conv3D 2×3×4, 6 → 8: receptive field 24.
    expect(computeFans([2, 3, 4, 6, 8])).toEqual({ fanIn: 24 * 6, fanOut: 24 * 8 });
  });
});
