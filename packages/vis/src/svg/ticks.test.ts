import { describe, expect, it } from 'vitest';
import { formatPowerOfTen, integerTicks, linearTicks, logTicks, niceStep } from './ticks.js';

describe('niceStep', () => {
  it('rounds to the nearest 1, 2, 2.5, 5 or 10 times a power of ten', () => {
    expect(niceStep(0.47)).toBeCloseTo(0.5);
    expect(niceStep(0.12)).toBeCloseTo(0.1);
    expect(niceStep(3)).toBeCloseTo(2.5);
    expect(niceStep(17)).toBeCloseTo(20);
    expect(niceStep(80)).toBeCloseTo(100);
  });
});

describe('linearTicks', () => {
  it('puts round ticks inside the range with equal decimals', () => {
    // Range 0.37..2.78 over 5 intervals ≈ 0.48 → step 0.5: 0.5, 1.0, …, 2.5.
    expect(linearTicks(0.37, 2.78, 6).map((tick) => tick.label)).toEqual(['0.5', '1.0', '1.5', '2.0', '2.5']);
    expect(linearTicks(0, 1, 6).map((tick) => tick.label)).toEqual(['0', '0.2', '0.4', '0.6', '0.8', '1.0']);
  });

  it('never prints -0', () => {
    expect(linearTicks(-1, 1, 5).map((tick) => tick.label)).toEqual(['-1.0', '-0.5', '0', '0.5', '1.0']);
  });
});

describe('logTicks', () => {
  it('labels decades with superscript powers and leaves 2…9 unlabelled over wide ranges', () => {
    const ticks = logTicks(0.0009, 0.11);
    expect(ticks.filter((tick) => tick.label).map((tick) => tick.label)).toEqual(['10⁻³', '10⁻²', '10⁻¹']);
    // 9e-4, 1..9e-3, 1..9e-2, 1e-1: 20 ticks inside [9e-4, 0.11].
    expect(ticks.length).toBe(20);
  });

  it('labels 2× and 5× ticks when the range is under two decades', () => {
    expect(
      logTicks(0.01, 0.6)
        .filter((tick) => tick.label)
        .map((tick) => tick.label),
    ).toEqual(['10⁻²', '0.02', '0.05', '10⁻¹', '0.2', '0.5']);
  });

  it('formats exponents', () => {
    expect(formatPowerOfTen(-12)).toBe('10⁻¹²');
    expect(formatPowerOfTen(3)).toBe('10³');
  });
});

describe('integerTicks', () => {
  it('only uses whole numbers', () => {
    expect(integerTicks(1, 2).map((tick) => tick.value)).toEqual([1, 2]);
    expect(integerTicks(1, 12, 7).map((tick) => tick.value)).toEqual([2, 4, 6, 8, 10, 12]);
  });
});
