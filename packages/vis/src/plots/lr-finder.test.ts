import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { describe, expect, it } from 'vitest';
import { matchAll } from '../image/decode-png.test-utils.js';
import { plotLrFinder } from './lr-finder.js';

// Seed 001's schedule: lr = 1e-3 · 10^(epoch / 20) for 40 epochs.
const lrs = Array.from({ length: 40 }, (_, epoch) => 1e-3 * 10 ** (epoch / 20));
const losses = lrs.map((_, epoch) => (epoch - 13) ** 2 / 100 + 0.5);

describe('plotLrFinder', () => {
  it('uses a log x axis with decade labels and marks the lr of the minimum loss', () => {
    const svg = plotLrFinder(lrs, losses);
    expect(matchAll(svg, /class="tick-label x"[^>]*>([^<]+)</g).map(([text]) => text)).toEqual(['10⁻³', '10⁻²', '10⁻¹']);
    const marker = /<g class="minimum" data-lr="([^"]+)" data-loss="([^"]+)"/.exec(svg);
    // argmin is epoch 13 by construction: lr = 1e-3 · 10^0.65.
    expect(Number(marker?.[1])).toBeCloseTo(1e-3 * 10 ** 0.65, 2);
    expect(Number(marker?.[2])).toBe(0.5);
    expect(svg).toContain('min loss 0.5 at lr 0.00447');
    expect(matchAll(svg, /<g class="series"[^>]*data-points="(\d+)"/g)).toEqual([['40']]);
  });

  it('spaces equal lr ratios equally along x (log scale)', () => {
    const svg = plotLrFinder([0.001, 0.01, 0.1], [1, 0.5, 2]);
    const xs = matchAll(svg, /<circle cx="([\d.]+)" cy="[\d.]+" r="3.2"/g).map(([x]) => Number(x));
    expect(xs.length).toBe(3);
    expect((xs[1] ?? 0) - (xs[0] ?? 0)).toBeCloseTo((xs[2] ?? 0) - (xs[1] ?? 0), 1);
  });

  it('skips diverged (non-finite) losses and reads tensors without leaking', () => {
    const rates = tf.tensor1d([0.001, 0.01, 0.1, 1]);
    const values = tf.tensor1d([1, 0.4, 3, Number.POSITIVE_INFINITY]);
    const before = tf.memory().numTensors;
    const svg = plotLrFinder(rates, values);
    expect(tf.memory().numTensors).toBe(before);
    expect(svg).toContain('data-points="3"');
    expect(svg).toContain('data-lr="0.01"');
    tf.dispose([rates, values]);
  });

  it('rejects bad input with the argument named', () => {
    expect(() => plotLrFinder([0.1, 0.2], [1])).toThrow(/same length; got 2 learning rates and 1 losses/);
    expect(() => plotLrFinder([0.1, 0], [1, 2])).toThrow(/lrs\[1\]: learning rates must be finite and > 0/);
    expect(() => plotLrFinder([0.1], [Number.NaN])).toThrow(/every loss is NaN/);
  });
});
