import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { SGD } from '@keras-ts/optimizers';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { resetNameCounters } from '../engine/naming.js';
import { Sequential } from '../models/sequential.js';
import { setRandomSeed } from '../random/seed.js';
import { TestDense } from '../testing/layers.test-utils.js';

function model(): Sequential {
  const m = new Sequential([new TestDense({ units: 1, inputShape: [2] })]);
  m.compile({ optimizer: new SGD({ learningRate: 0.05 }), loss: 'mse' });
  return m;
}

const rows = [
  [1, 0],
  [0, 1],
  [1, 1],
  [2, 1],
  [0, 2],
  [1, 3],
];
const target = (r: number[]) => 2 * r[0]! - r[1]!;

async function* batches(count: number, size: number) {
  for (let b = 0; b < count; b++) {
    const chosen = Array.from({ length: size }, (_, i) => rows[(b * size + i) % rows.length]!);
    yield [tf.tensor2d(chosen), tf.tensor2d(chosen.map((r) => [target(r)]))] as [tf.Tensor, tf.Tensor];
  }
}

describe('fit on a batch source', () => {
  beforeEach(() => {
    resetNameCounters();
    setRandomSeed(3);
  });

  it('trains from an async generator exactly as from the same batches in memory, and disposes them', async () => {
    const fromSource = model();
    const fromTensors = model();
    const before = tf.memory().numTensors;
    const history = await fromSource.fit(batches(3, 2), { epochs: 1, verbose: 0 });
    expect(history.history.loss).toHaveLength(1);
    const x = tf.tensor2d(rows);
    const y = tf.tensor2d(rows.map((r) => [target(r)]));
    await fromTensors.fit(x, y, { batchSize: 2, shuffle: false, epochs: 1, verbose: 0 });
    const [a, b] = [fromSource.getWeights(), fromTensors.getWeights()];
    a.forEach((w, i) => expect(Array.from(w.dataSync())).toEqual(Array.from(b[i]!.dataSync())));
    tf.dispose([x, y, ...a, ...b]);
    // Only the optimizer's slots stay (SGD without momentum has none) plus the metric state.
    expect(tf.memory().numTensors - before).toBeLessThanOrEqual(2 * 2 + 4);
  });

  it('draws stepsPerEpoch batches per epoch from one iterator and evaluates a source', async () => {
    const m = model();
    const history = await m.fit(batches(6, 2), {
      epochs: 3,
      stepsPerEpoch: 2,
      verbose: 0,
      validationData: [tf.tensor2d(rows), tf.tensor2d(rows.map((r) => [target(r)]))],
    });
    expect(history.history.loss).toHaveLength(3);
    expect(history.history.val_loss).toHaveLength(3);
    const loss = await m.evaluate(batches(3, 2), { verbose: 0 });
    expect(typeof loss).toBe('number');
  });

  it('stops with a warning when a generator runs out', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const m = model();
    const history = await m.fit(batches(3, 2), { epochs: 3, stepsPerEpoch: 2, verbose: 0 });
    expect(history.history.loss).toHaveLength(2);
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/ran out of data/));
    warn.mockRestore();
  });

  it('rejects malformed batches with the batch index', async () => {
    const m = model();
    async function* bad() {
      yield [tf.ones([2, 2]), tf.ones([2, 1])] as [tf.Tensor, tf.Tensor];
      yield [tf.ones([2, 3]), tf.ones([2, 1])] as [tf.Tensor, tf.Tensor];
    }
    await expect(m.fit(bad(), { verbose: 0 })).rejects.toThrow(/expects data of shape \(None, 2\), but `x batch 1` has shape \[2, 3\]/);
    await expect(m.fit(batches(2, 2), { verbose: 0, validationSplit: 0.2 })).rejects.toThrow(/validationSplit` needs in-memory data/);
  });
});
