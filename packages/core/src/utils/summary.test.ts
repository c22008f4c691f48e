import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeEach, describe, expect, it } from 'vitest';
import { Input } from '../engine/input-layer.js';
import { resetNameCounters } from '../engine/naming.js';
import { Model } from '../models/model.js';
import { Sequential } from '../models/sequential.js';
import fixtures from '../__fixtures__/keras3/fidelity.json' with { type: 'json' };
import { KerasDense } from '../testing/keras-layers.test-utils.js';
import { TestConcat, TestDense } from '../testing/layers.test-utils.js';
import { formatBytes, formatCount } from './summary.js';

function lines(model: Model, lineLength?: number): string[] {
  const out: string[] = [];
  model.summary((line) => out.push(line), lineLength);
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
    // Keras 3 lists a shared layer's inbound tensors on one line, wrapped at spaces only when too long.
    expect(text).toMatch(/shared \(TestDense\) +│ \(None, 3\) +│ +15 │ a\[0\]\[0\], b\[0\]\[0\] +│/);
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

describe('summary as Keras 3 prints it', () => {
  beforeEach(() => resetNameCounters());

  /** The model's summary at a terminal of `columns`, as the fixture was captured (COLUMNS, line_length). */
  function captured(model: Model, columns: number, lineLength: number | null): string {
    const saved = process.env.COLUMNS;
    process.env.COLUMNS = String(columns);
    try {
      return `${lines(model, lineLength ?? undefined).join('\n')}\n`;
    } finally {
      if (saved === undefined) delete process.env.COLUMNS;
      else process.env.COLUMNS = saved;
    }
  }

  it("matches Keras's text for seed 003's Sequential and functional models at 200 and 60 columns", () => {
    const sequential = new Sequential();
    sequential.add(new KerasDense({ units: 32, activation: 'relu', inputShape: [64] }));
    sequential.add(new KerasDense({ units: 32, activation: 'relu' }));
    sequential.add(new KerasDense({ units: 10, activation: 'softmax' }));
    const input = Input({ shape: [64] });
    let x = new KerasDense({ units: 32, activation: 'relu' }).apply(input);
    x = new KerasDense({ units: 32, activation: 'relu' }).apply(x);
    const model = new Model({ inputs: input, outputs: new KerasDense({ units: 10, activation: 'softmax' }).apply(x) });
    const [wide, narrow, ofSequential] = fixtures.seed003_functional.summaries;
    expect(captured(model, wide!.columns, wide!.line_length)).toBe(wide!.text);
    expect(captured(model, narrow!.columns, narrow!.line_length)).toBe(narrow!.text);
    expect(captured(sequential, ofSequential!.columns, ofSequential!.line_length)).toBe(ofSequential!.text);
  });
});
