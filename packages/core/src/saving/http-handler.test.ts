import { type IncomingHttpHeaders, type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ValueError } from '../errors/errors.js';
import { resetNameCounters } from '../engine/naming.js';
import type { Model } from '../models/model.js';
import { Sequential } from '../models/sequential.js';
import { KerasDense } from '../testing/keras-layers.test-utils.js';
import { loadModel } from './load-model.js';

/** A static server on 127.0.0.1 that records every request. */
interface TestServer {
  origin: string;
  files: Map<string, { body: Uint8Array | string; type: string }>;
  requests: { url: string; headers: IncomingHttpHeaders }[];
  server: Server;
}

async function serve(): Promise<TestServer> {
  const files: TestServer['files'] = new Map();
  const requests: TestServer['requests'] = [];
  const server = createServer((request, response) => {
    requests.push({ url: request.url ?? '', headers: request.headers });
    const file = files.get((request.url ?? '').split('?')[0]!);
    if (file === undefined) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'content-type': file.type }).end(file.body);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return { origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, files, requests, server };
}

let home: TestServer;
let elsewhere: TestServer;
let model: Sequential;
let specs: tf.io.WeightsManifestEntry[];

/** Publishes the model as `/m/model.json` on `home`, its weights at `weightsPath`. */
function publish(weightsPath: string): void {
  const json = {
    format: 'layers-model',
    modelTopology: topology,
    weightsManifest: [{ paths: [weightsPath], weights: specs }],
  };
  home.files.set('/m/model.json', { body: JSON.stringify(json), type: 'application/json' });
}

let topology: unknown;
let weights: Uint8Array;

beforeAll(async () => {
  [home, elsewhere] = await Promise.all([serve(), serve()]);
  resetNameCounters();
  model = new Sequential([new KerasDense({ units: 4, activation: 'tanh', inputShape: [3] }), new KerasDense({ units: 2 })]);
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      topology = artifacts.modelTopology;
      specs = artifacts.weightSpecs!;
      weights = new Uint8Array(artifacts.weightData as ArrayBuffer);
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  home.files.set('/m/weights.bin', { body: weights, type: 'application/octet-stream' });
  elsewhere.files.set('/w.bin', { body: weights, type: 'application/octet-stream' });
});

afterAll(async () => {
  model.dispose();
  await Promise.all([home, elsewhere].map(({ server }) => new Promise((done) => server.close(done))));
});

beforeEach(() => {
  home.requests.length = 0;
  elsewhere.requests.length = 0;
});

function expectSamePredictions(loaded: Model): void {
  const x = tf.tensor2d([
    [0.5, -1, 2],
    [0, 0.25, -0.75],
  ]);
  const [a, b] = [model.predict(x) as tf.Tensor, loaded.predict(x) as tf.Tensor];
  expect(Array.from(b.dataSync())).toEqual(Array.from(a.dataSync()));
  tf.dispose([a, b, x]);
}

describe('loadModel over http(s)', () => {
  it('loads model.json and same-origin weights, passing requestInit and the query on', async () => {
    publish('weights.bin');
    const before = tf.memory().numTensors;
    const loaded = await loadModel(`${home.origin}/m/model.json?v=3`, { requestInit: { headers: { 'x-token': 'secret' } } });
    expectSamePredictions(loaded);
    loaded.dispose();
    expect(tf.memory().numTensors).toBe(before);
    expect(home.requests.map((r) => r.url)).toEqual(['/m/model.json?v=3', '/m/weights.bin?v=3']);
    expect(home.requests.every((r) => r.headers['x-token'] === 'secret')).toBe(true);
  });

  it('loadWeights reads the same URLs, with a custom fetchFunc', async () => {
    publish('weights.bin');
    const fetched: string[] = [];
    const fetchFunc = ((url: string, init?: RequestInit) => {
      fetched.push(url);
      return fetch(url, init);
    }) as typeof fetch;
    const target = new Sequential([new KerasDense({ units: 4, activation: 'tanh', inputShape: [3] }), new KerasDense({ units: 2 })]);
    await target.loadWeights(`${home.origin}/m/model.json`, { fetchFunc });
    expectSamePredictions(target);
    expect(fetched).toEqual([`${home.origin}/m/model.json`, `${home.origin}/m/weights.bin`]);
    target.dispose();
  });

  it('refuses weights on another origin before fetching them, unless allowCrossOriginWeights', async () => {
    for (const path of [`${elsewhere.origin}/w.bin`, `//127.0.0.1:${new URL(elsewhere.origin).port}/w.bin`]) {
      publish(path);
      const before = tf.memory().numTensors;
      const error = await loadModel(`${home.origin}/m/model.json`).then(
        () => undefined,
        (caught: unknown) => caught,
      );
      expect(error).toBeInstanceOf(ValueError);
      expect((error as Error).message).toBe(
        `The weights path '${path}' listed in '${home.origin}/m/model.json' points to another origin (${elsewhere.origin}); weights are fetched only from the origin of model.json (${home.origin}). If you trust it, pass { allowCrossOriginWeights: true }.`,
      );
      expect(elsewhere.requests).toEqual([]);
      expect(tf.memory().numTensors).toBe(before);
    }
    const loaded = await loadModel(`${home.origin}/m/model.json`, { allowCrossOriginWeights: true });
    expectSamePredictions(loaded);
    expect(elsewhere.requests.map((r) => r.url)).toEqual(['/w.bin']);
    loaded.dispose();
  });

  it('reports a missing model or weights file as a ValueError naming the URL', async () => {
    await expect(loadModel(`${home.origin}/none/model.json`)).rejects.toThrow(
      new RegExp(`Cannot load from '${home.origin}/none/model\\.json': Request to ${home.origin}/none/model\\.json failed with status code 404`),
    );
    publish('missing.bin');
    await expect(loadModel(`${home.origin}/m/model.json`)).rejects.toThrow(ValueError);
  });
});
