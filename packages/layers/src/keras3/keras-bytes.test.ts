// Keras 3 files from memory and URLs (what a browser has: a File a user picked, fetched bytes), as
// loaded by the same code in Node: the Keras-made fixtures of core's src/saving/keras3/__fixtures__
// (make-keras-fixtures.py) predict what Keras predicted.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { type Model, PlatformError, ValueError, loadModel } from '@keras-ts/core';
import { describe, expect, it } from 'vitest';
import '../index.js';

const FIXTURES = fileURLToPath(new URL('../../../core/src/saving/keras3/__fixtures__/', import.meta.url));
const archive = new Uint8Array(readFileSync(`${FIXTURES}mlp.keras`));
const weightsFile = new Uint8Array(readFileSync(`${FIXTURES}mlp.weights.h5`));
const fixture = JSON.parse(readFileSync(`${FIXTURES}mlp.json`, 'utf8')) as {
  inputs: { shape: number[]; dtype: 'float32'; values: number[] }[];
  prediction: { shape: number[]; values: number[] };
};

/** The largest difference between the model's prediction on the fixture's inputs and Keras's. */
function predictionError(model: Model): number {
  const input = fixture.inputs[0]!;
  return tf.tidy(() => {
    const y = model.predict(tf.tensor(input.values, input.shape, input.dtype)) as tf.Tensor;
    expect(y.shape).toEqual(fixture.prediction.shape);
    return Math.max(...Array.from(y.dataSync()).map((value, index) => Math.abs(value - fixture.prediction.values[index]!)));
  });
}

/** A fetch that serves `body` and records the URLs it was asked for. */
function serving(body: Uint8Array, status = 200): { fetchFunc: typeof fetch; urls: string[] } {
  const urls: string[] = [];
  const fetchFunc = (async (url: string) => {
    urls.push(url);
    return new Response(status === 200 ? body.slice() : 'not found', { status, statusText: status === 200 ? 'OK' : 'Not Found' });
  }) as typeof fetch;
  return { fetchFunc, urls };
}

describe('loadModel of a .keras file in memory or at a URL', () => {
  const sources: [string, () => unknown][] = [
    ['a Uint8Array', () => archive.slice()],
    ['an ArrayBuffer', () => archive.slice().buffer],
    ['a File', () => new File([archive.slice()], 'mlp.keras')],
    ['a Blob', () => new Blob([archive.slice()])],
  ];
  it.each(sources)('from %s predicts what Keras predicted', async (_, make) => {
    const before = tf.memory().numTensors;
    const model = await loadModel(make() as Uint8Array);
    expect(predictionError(model)).toBeLessThanOrEqual(1e-5);
    model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('from an https URL, fetched with the given fetchFunc and requestInit', async () => {
    const { fetchFunc, urls } = serving(archive);
    const model = await loadModel('https://models.example/dir/mlp.keras?v=2', { fetchFunc });
    expect(urls).toEqual(['https://models.example/dir/mlp.keras?v=2']);
    expect(predictionError(model)).toBeLessThanOrEqual(1e-5);
    model.dispose();
  });

  it('refuses weights-only, non-Keras and unreachable files with typed errors, leaving no tensor behind', async () => {
    const before = tf.memory().numTensors;
    await expect(loadModel(weightsFile)).rejects.toThrow(/the bytes passed in holds weights only .*loadWeights/);
    await expect(loadModel(new Uint8Array([1, 2, 3, 4]))).rejects.toThrow(ValueError);
    await expect(loadModel(new File([new Uint8Array([1, 2, 3, 4])], 'x.keras'))).rejects.toThrow(/the file 'x.keras' is not a Keras 3 .keras file/);
    await expect(loadModel('https://models.example/missing.keras', serving(archive, 404))).rejects.toThrow(/answered 404/);
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('loadWeights of a .weights.h5 file in memory or at a URL', () => {
  it('from bytes and from a URL, restores Keras weights into a model of the same architecture', async () => {
    const model = await loadModel(archive);
    const zeros = model.weights.map((weight) => tf.zerosLike(weight.variable));
    model.setWeights(zeros);
    expect(predictionError(model)).toBeGreaterThan(1e-3);
    await model.loadWeights(new File([weightsFile.slice()], 'mlp.weights.h5'));
    expect(predictionError(model)).toBeLessThanOrEqual(1e-5);
    model.setWeights(zeros);
    await model.loadWeights('https://models.example/mlp.weights.h5', serving(weightsFile));
    expect(predictionError(model)).toBeLessThanOrEqual(1e-5);
    await expect(model.loadWeights(archive)).rejects.toThrow(/is not a Keras .weights.h5 file \(HDF5\): it is a zip archive/);
    tf.dispose(zeros);
    model.dispose();
  });
});

describe('downloads:// of a Keras file', () => {
  it('needs a browser page', async () => {
    const model = await loadModel(archive);
    await expect(model.save('downloads://mlp.keras')).rejects.toThrow(PlatformError);
    await expect(model.saveWeights('downloads://mlp.weights.h5')).rejects.toThrow(/needs a browser page/);
    model.dispose();
  });
});
