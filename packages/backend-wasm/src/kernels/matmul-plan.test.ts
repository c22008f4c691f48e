import { describe, expect, it } from 'vitest';
import { chooseMatMulPlan } from './matmul-plan.js';

describe('chooseMatMulPlan', () => {
  it('runs untransposed products as they are', () => {
    expect(chooseMatMulPlan([128, 784], [784, 512], false, false)).toBe('untransposed');
  });

  it('transposes the small activation, not the weight, for dx = dy·Wᵀ', () => {
    // direct moves W (512·784 = 401k); swapped moves dy (65k) and the product (100k).
    expect(chooseMatMulPlan([128, 512], [784, 512], false, true)).toBe('swapped');
  });

  it('transposes x directly for dW = xᵀ·dy', () => {
    // direct moves x (100k); swapped would move dy (65k) and dW (401k).
    expect(chooseMatMulPlan([128, 784], [128, 512], true, false)).toBe('direct');
  });

  it('only transposes the product when both operands are transposed', () => {
    expect(chooseMatMulPlan([784, 128], [512, 784], true, true)).toBe('swapped');
  });

  it('counts broadcast batch dimensions in the product size', () => {
    // direct: b = 2·3 = 6 elements; swapped: a (8·2·1 = 16) + product (8·1·3 = 24).
    expect(chooseMatMulPlan([8, 1, 2], [3, 2], false, true)).toBe('direct');
  });
});
