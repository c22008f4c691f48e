import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import { Adam } from '@keras-ts/optimizers';
import { beforeEach, describe, expect, it } from 'vitest';
import { ValueError } from '../errors/errors.js';
import { resetNameCounters } from '../engine/naming.js';
import type { Model } from '../models/model.js';
import { Sequential } from '../models/sequential.js';
import { KerasDense, KerasDropout } from '../testing/keras-layers.test-utils.js';
import { loadModel } from './load-model.js';

beforeEach(() => resetNameCounters());

function mlp(): Sequential {
  return new Sequential([
    new KerasDense({ units: 6, activation: 'relu', inputShape: [4] }),
    new KerasDropout({ rate: 0.25, seed: 7 }),
    new KerasDense({ units: 3, activation: 'softmax' }),
  ]);
}

const x = () =>
  tf.tensor2d([
    [0.1, -0.2, 0.3, 0.5],
    [1, 0.5, -0.5, 0.25],
    [-0.3, 0.8, 0.1, -0.9],
  ]);
const y = () =>
  tf.tensor2d([
    [1, 0, 0],
    [0, 1, 0],
    [0, 0, 1],
  ]);
const values = (model: Model) =>
  model.getWeights().map((t) => {
    const data = Array.from(t.dataSync());
    t.dispose();
    return data;
  });

/** A save handler that keeps what it is given (what `tf.io.withSaveHandler` users write). */
function memorySink(): { handler: tf.io.IOHandler; saved: tf.io.ModelArtifacts[] } {
  const saved: tf.io.ModelArtifacts[] = [];
  const handler = tf.io.withSaveHandler(async (artifacts) => {
    saved.push(artifacts);
    return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
  });
  return { handler, saved };
}

describe('in-memory artifacts', () => {
  it('save(withSaveHandler) → loadModel(artifacts) and loadModel(tf.io.fromMemory) give identical predictions and training, without leaks', async () => {
    const model = mlp();
    model.compile({ optimizer: new Adam({ learningRate: 0.01 }), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
    const [xs, ys] = [x(), y()];
    await model.trainOnBatch(xs, ys);
    const { handler, saved } = memorySink();
    const before = tf.memory().numTensors;
    const result = await model.save(handler);
    expect(tf.memory().numTensors).toBe(before);
    expect(result.modelArtifactsInfo.modelTopologyType).toBe('JSON');
    const artifacts = saved[0]!;
    // What tfjs-layers writes: topology, training config, specs with the optimizer group, one buffer.
    expect(artifacts.format).toBe('layers-model');
    expect(artifacts.modelTopology).toMatchObject({ class_name: 'Sequential', backend: 'tensor_flow.js' });
    expect(artifacts.trainingConfig).toMatchObject({ loss: 'categoricalCrossentropy', optimizer_config: { class_name: 'Adam' } });
    expect(artifacts.weightSpecs!.filter((spec) => spec.group === 'optimizer')).toHaveLength(9);
    expect(artifacts.weightData).toBeInstanceOf(ArrayBuffer);

    for (const source of [artifacts, tf.io.fromMemory(artifacts)]) {
      const loaded = await loadModel(source);
      const [a, b] = [model.predict(xs) as tf.Tensor, loaded.predict(xs) as tf.Tensor];
      expect(Array.from(b.dataSync())).toEqual(Array.from(a.dataSync()));
      tf.dispose([a, b]);
      expect(loaded.optimizer!.iterations).toBe(1);
      loaded.dispose();
    }
    const loaded = await loadModel(artifacts);
    await model.trainOnBatch(xs, ys);
    await loaded.trainOnBatch(xs, ys);
    expect(values(loaded)).toEqual(values(model));
    loaded.dispose();

    const beforeLoad = tf.memory().numTensors;
    (await loadModel(artifacts)).dispose();
    expect(tf.memory().numTensors).toBe(beforeLoad);
    tf.dispose([xs, ys]);
    model.dispose();
  });

  it('saveWeights / loadWeights accept IOHandlers and artifacts; loadModel refuses weights-only artifacts', async () => {
    const model = mlp();
    const { handler, saved } = memorySink();
    await model.saveWeights(handler);
    expect(saved[0]!.format).toBe('layers-weights');
    const other = mlp();
    const before = tf.memory().numTensors;
    await other.loadWeights(saved[0]!);
    await other.loadWeights(tf.io.fromMemory(saved[0]!));
    expect(tf.memory().numTensors).toBe(before);
    expect(values(other)).toEqual(values(model));
    await expect(loadModel(saved[0]!)).rejects.toThrow(/holds weights only/);
    model.dispose();
    other.dispose();
  });

  it('tfjs-layers loads the artifacts keras-ts saves, and keras-ts loads the ones tfjs-layers saves', async () => {
    const model = mlp();
    const { handler, saved } = memorySink();
    await model.save(handler, { includeOptimizer: false });
    const theirs = await tfl.loadLayersModel(tf.io.fromMemory(saved[0]!));
    const xs = x();
    const [a, b] = [model.predict(xs) as tf.Tensor, theirs.predict(xs) as tf.Tensor];
    expect(Array.from(b.dataSync())).toEqual(Array.from(a.dataSync()).map((v) => expect.closeTo(v, 6)));
    tf.dispose([a, b]);
    const back = memorySink();
    await theirs.save(back.handler);
    const ours = await loadModel({ ...back.saved[0]!, weightData: [back.saved[0]!.weightData as ArrayBuffer] });
    const [c, d] = [theirs.predict(xs) as tf.Tensor, ours.predict(xs) as tf.Tensor];
    expect(Array.from(d.dataSync())).toEqual(Array.from(c.dataSync()).map((v) => expect.closeTo(v, 6)));
    tf.dispose([c, d, xs]);
    theirs.dispose();
    ours.dispose();
    model.dispose();
  });

  it('rejects truncated weight data before creating the model, and bad targets with their fix', async () => {
    const model = mlp();
    const { handler, saved } = memorySink();
    await model.save(handler);
    const truncated = { ...saved[0]!, weightData: (saved[0]!.weightData as ArrayBuffer).slice(0, 40) };
    const before = tf.memory().numTensors;
    await expect(loadModel(truncated)).rejects.toThrow(ValueError);
    await expect(loadModel(truncated)).rejects.toThrow(/weightData: has 40 bytes, but the \d+ weight entries describe \d+ bytes/);
    expect(tf.memory().numTensors).toBe(before);
    await expect(loadModel({ modelTopology: new ArrayBuffer(4), weightSpecs: [] })).rejects.toThrow(/graph model/);
    await expect(loadModel(42 as never)).rejects.toThrow(/Expected a path, a URL/);
    await expect(model.save({} as never)).rejects.toThrow(/IOHandler with a save method/);
    await expect(model.save('localstorage://m')).rejects.toThrow(/tfjs-core provides 'localstorage:\/\/' only in a browser/);
    await expect(loadModel('indexeddb://m')).rejects.toThrow(/tfjs-core provides 'indexeddb:\/\/' only in a browser/);
    await expect(loadModel('downloads://m')).rejects.toThrow(/can only save; .*tf\.io\.browserFiles/);
    await expect(loadModel('nope://m')).rejects.toThrow(/no handler is registered for 'nope:\/\/'.*registerLoadRouter/);
    model.dispose();
  });

  it('routes registered custom schemes through tf.io routers', async () => {
    const store = new Map<string, tf.io.ModelArtifacts>();
    const router = (direction: 'save' | 'load') => (url: string | string[]) => {
      const key = Array.isArray(url) ? url[0]! : url;
      if (!key.startsWith('mystore://')) return null;
      return direction === 'save'
        ? tf.io.withSaveHandler(async (artifacts) => {
            store.set(key, artifacts);
            return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
          })
        : tf.io.fromMemory(store.get(key)!);
    };
    tf.io.registerSaveRouter(router('save') as never);
    tf.io.registerLoadRouter(router('load') as never);
    const model = mlp();
    await model.save('mystore://one');
    const loaded = await loadModel('mystore://one');
    expect(values(loaded)).toEqual(values(model));
    model.dispose();
    loaded.dispose();
  });
});
