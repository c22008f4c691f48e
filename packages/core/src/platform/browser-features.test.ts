// Runs the features that touch the platform with `#platform` swapped for the browser
// implementation, as a bundler would select it through the package.json `default` condition.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { BackupAndRestore } from '../callbacks/backup-and-restore.js';
import { CSVLogger } from '../callbacks/csv-logger.js';
import { ModelCheckpoint } from '../callbacks/model-checkpoint.js';
import { resetNameCounters } from '../engine/naming.js';
import { Sequential } from '../models/sequential.js';
import { loadModel } from '../saving/load-model.js';
import { KerasDense } from '../testing/keras-layers.test-utils.js';
import { PlatformError } from './platform.js';

vi.mock('#platform', () => import('./browser.js'));

function model(): Sequential {
  const built = new Sequential([new KerasDense({ units: 2, activation: 'relu', inputShape: [3] }), new KerasDense({ units: 1 })]);
  built.compile({ optimizer: 'sgd', loss: 'mse' });
  return built;
}

beforeEach(() => resetNameCounters());
afterEach(() => vi.unstubAllGlobals());

describe('in a browser', () => {
  it('file callbacks throw a PlatformError that names the browser alternative', () => {
    expect(() => new CSVLogger('log.csv')).toThrow(PlatformError);
    expect(() => new CSVLogger('log.csv')).toThrow(/CSVLogger writes files and needs Node\. In a browser use a LambdaCallback/);
    expect(() => new BackupAndRestore('backup')).toThrow(
      /BackupAndRestore writes files and needs Node\. In a browser save checkpoints with new ModelCheckpoint\('indexeddb:/,
    );
    expect(() => new ModelCheckpoint('ckpt-{epoch}')).toThrow(/saving to the file path 'ckpt-\{epoch\}' needs Node.*indexeddb:\/\//);
    expect(new ModelCheckpoint('indexeddb://ckpt-{epoch}').filePathFor(2, undefined)).toBe('indexeddb://ckpt-3');
  });

  it('save to a file path throws a PlatformError; indexeddb:// is left to tfjs-core', async () => {
    const m = model();
    await expect(m.save('saved/model')).rejects.toThrow(PlatformError);
    await expect(m.save('file:///tmp/x')).rejects.toThrow(/Saving to the file path 'file:\/\/\/tmp\/x' needs Node.*'indexeddb:\/\/name'/);
    // Node's tfjs-core has IS_BROWSER false, so its indexeddb router declines; in a page it answers.
    await expect(m.save('indexeddb://my-model')).rejects.toThrow(/tfjs-core provides 'indexeddb:\/\/' only in a browser/);
    m.dispose();
  });

  it('fit, evaluate and predict run and print one console line per epoch', async () => {
    const lines: string[] = [];
    const log = vi.spyOn(console, 'log').mockImplementation((line: string) => {
      lines.push(line);
    });
    const write = vi.spyOn(process.stdout, 'write');
    const m = model();
    const [x, y] = [tf.ones([8, 3]), tf.zeros([8, 1])];
    // The first fit creates the optimizer's and the step's persistent state; count after it.
    await m.fit(x, y, { epochs: 1, batchSize: 4, verbose: 0 });
    const before = tf.memory().numTensors;
    const history = await m.fit(x, y, { epochs: 2, batchSize: 4 });
    await m.evaluate(x, y, { batchSize: 4 });
    tf.dispose(m.predict(x) as tf.Tensor);
    expect(tf.memory().numTensors).toBe(before);
    expect(history.history.loss).toHaveLength(2);
    expect(lines[0]).toBe('Epoch 1/2');
    expect(lines[1]).toMatch(/^2\/2 ━{20} \d+s \S+\/step - loss: \d\.\d{4}$/);
    expect(lines[2]).toBe('Epoch 2/2');
    expect(lines).toHaveLength(5);
    expect(write).not.toHaveBeenCalled();
    log.mockRestore();
    write.mockRestore();
    tf.dispose([x, y]);
    m.dispose();
  });

  it('loadModel of a plain path fetches it relative to the page', async () => {
    vi.stubGlobal('location', { href: 'http://example.test/app/index.html' });
    const requested: string[] = [];
    const fetchFunc = (async (url: string) => {
      requested.push(url);
      return new Response('not json', { status: 200 });
    }) as unknown as typeof fetch;
    await expect(loadModel('models/model.json', { fetchFunc })).rejects.toThrow(/Cannot load from 'models\/model\.json': Failed to parse model JSON/);
    expect(requested).toEqual(['http://example.test/app/models/model.json']);
  });
});
