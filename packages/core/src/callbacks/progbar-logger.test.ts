import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { resetNameCounters } from '../engine/naming.js';
import { Sequential } from '../models/sequential.js';
import { KerasDense } from '../testing/keras-layers.test-utils.js';
import { ProgbarLogger } from './progbar-logger.js';

function model(): Sequential {
  resetNameCounters();
  const built = new Sequential([new KerasDense({ units: 1, inputShape: [2] })]);
  built.compile({ optimizer: 'sgd', loss: 'mse' });
  return built;
}

afterEach(() => vi.restoreAllMocks());

describe('ProgbarLogger', () => {
  it('sends lines to printFn; a ProgbarLogger in callbacks replaces the default display', async () => {
    const write = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const lines: string[] = [];
    const m = model();
    const [x, y] = [tf.ones([6, 2]), tf.zeros([6, 1])];
    await m.fit(x, y, { epochs: 2, batchSize: 2, callbacks: [new ProgbarLogger({ printFn: (line) => lines.push(line) })] });
    expect(write).not.toHaveBeenCalled();
    expect(lines.map((line) => line.replace(/\d+(ms|us|s)\/step/, 'T/step').replace(/ \d+s /, ' Ns '))).toEqual([
      'Epoch 1/2',
      expect.stringMatching(/^3\/3 ━{20} Ns T\/step - loss: \d\.\d{4}$/),
      'Epoch 2/2',
      expect.stringMatching(/^3\/3 ━{20} Ns T\/step - loss: \d\.\d{4}$/),
    ]);
    tf.dispose([x, y]);
    m.dispose();
  });

  it('prints verbose 2 lines to a stream and refuses both stream and printFn', async () => {
    const written: string[] = [];
    const m = model();
    const [x, y] = [tf.ones([4, 2]), tf.zeros([4, 1])];
    await m.fit(x, y, { epochs: 1, batchSize: 2, verbose: 2, callbacks: [new ProgbarLogger({ stream: { write: (text: string) => written.push(text) } })] });
    expect(written[0]).toBe('Epoch 1/1\n');
    expect(written[1]).toMatch(/^2\/2 - \d+s - \d+(ms|us|s)\/step - loss: \d\.\d{4}\n$/);
    expect(() => new ProgbarLogger({ stream: { write: () => true }, printFn: () => {} })).toThrow(/either `stream` or `printFn`/);
    tf.dispose([x, y]);
    m.dispose();
  });

  it('writes to process.stdout in Node by default', async () => {
    const write = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const m = model();
    const [x, y] = [tf.ones([2, 2]), tf.zeros([2, 1])];
    await m.fit(x, y, { epochs: 1, batchSize: 2 });
    expect(write.mock.calls[0]![0]).toBe('Epoch 1/1\n');
    tf.dispose([x, y]);
    m.dispose();
  });
});
