import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeEach, describe, expect, it } from 'vitest';
import { Input } from '../engine/input-layer.js';
import { resetNameCounters } from '../engine/naming.js';
import { Model } from '../models/model.js';
import { Sequential } from '../models/sequential.js';
import { TestConcat, TestDense } from '../testing/layers.test-utils.js';
import { formatBytes, formatCount } from './summary.js';

function lines(model: Model): string[] {
  const out: string[] = [];
  model.summary((line) => out.push(line));
  return out;
}

describe('summary', () => {
  beforeEach(() => resetNameCounters());

  it("prints seed 003's Sequential net in Keras 3's table with 3,466 parameters", () => {
    const model = new Sequential([new TestDense({ units: 32, inputShape: [64] }), new TestDense({ units: 32 }), new TestDense({ units: 10 })]);
    const before = tf.memory().numTensors;
    const text = lines(model);
    expect(tf.memory().numTensors).toBe(before);
    expect(text[0]).toBe('Model: "sequential"');
    expect(text[2]).toMatch(/^┃ Layer \(type\) +┃ Output Shape +┃ +Param # ┃$/);
    const rows = text.filter((line) => line.startsWith('│'));
    expect(rows).toHaveLength(3);
    // 64·32 + 32 = 2,080; 32·32 + 32 = 1,056; 32·10 + 10 = 330.
    expect(rows[0]).toMatch(/^│ test_dense \(TestDense\) +│ \(None, 32\) +│ +2,080 │$/);
    expect(rows[1]).toMatch(/│ +1,056 │$/);
    expect(rows[2]).toMatch(/│ \(None, 10\) +│ +330 │$/);
    expect(text.slice(-3)).toEqual([' Total params: 3,466 (13.54 KB)', ' Trainable params: 3,466 (13.54 KB)', ' Non-trainable params: 0 (0.00 B)']);
    // All rows have the same width.
    expect(new Set(text.slice(1, -3).map((line) => [...line].length)).size).toBe(1);
  });

  it('adds "Connected to" for branching graphs and counts a shared layer once', () => {
    const a = Input({ shape: [4], name: 'a' });
    const b = Input({ shape: [4], name: 'b' });
    const shared = new TestDense({ units: 3, name: 'shared' });
    const merged = new TestConcat({ name: 'merge' }).apply([shared.apply(a) as never, shared.apply(b) as never]) as never;
    const model = new Model({ inputs: [a, b], outputs: new TestDense({ units: 1, name: 'out' }).apply(merged) as never, name: 'siamese' });
    const text = lines(model).join('\n');
    expect(text).toContain('Connected to');
    expect(text).toMatch(/shared \(TestDense\) +│ \(None, 3\) +│ +15 │ a\[0\]\[0\], +│/);
    expect(text).toMatch(/│ b\[0\]\[0\] +│/);
    expect(text).toMatch(/merge \(TestConcat\).*shared\[0\]\[0\],/);
    expect(text).toContain(' Total params: 22 (88.00 B)');
  });

  it('formats counts and sizes like Keras', () => {
    expect(formatCount(1234567)).toBe('1,234,567');
    expect(formatBytes(0)).toBe('0.00 B');
    expect(formatBytes(13864)).toBe('13.54 KB');
    expect(formatBytes(3 * 1024 * 1024)).toBe('3.00 MB');
  });
});
