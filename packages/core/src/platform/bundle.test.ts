// Bundles @keras-ts/core for the browser with esbuild's default browser settings and checks that
// nothing Node-only gets in, then runs compile/fit/evaluate/predict from the bundle in a context
// that has no `process`, `setImmediate`, `require` or `global` (as in a web worker).
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runInNewContext } from 'node:vm';
import { type BuildOptions, build } from 'esbuild';
import { describe, expect, it } from 'vitest';

const source = dirname(dirname(fileURLToPath(import.meta.url)));

/** Browser settings plus the workspace's `source` condition (the tests bundle src/, not dist/). */
const browser: BuildOptions = { bundle: true, platform: 'browser', format: 'esm', conditions: ['source'], write: false, metafile: true, logLevel: 'silent' };

function nodeOnlyReferences(text: string): string[] {
  return [...text.matchAll(/["'`]node:[\w/]+["'`]|\bsetImmediate\b|process\.(stdout|stderr|pid|exit|on\b)|\brequire\(/g)].map((match) => match[0]);
}

describe('browser bundle', () => {
  it('bundles src/index.ts with platform browser, selecting the browser platform and no node: module', async () => {
    const result = await build({ ...browser, entryPoints: [join(source, 'index.ts')], splitting: true, outdir: join(source, '..', 'bundle-test-out') });
    const inputs = Object.keys(result.metafile!.inputs);
    expect(inputs.some((path) => path.endsWith('platform/browser.ts'))).toBe(true);
    expect(inputs.some((path) => path.endsWith('platform/node.ts'))).toBe(false);
    expect(inputs.filter((path) => path.startsWith('node:'))).toEqual([]);
    // h5wasm (Keras files) embeds a 4 MB WebAssembly binary: it is imported dynamically, so a
    // bundler with code splitting puts it in a chunk of its own, and the main chunk stays small.
    const outputs = result.metafile!.outputs;
    const entry = Object.keys(outputs).find((name) => outputs[name]!.entryPoint !== undefined)!;
    // What a page loads up front: the entry chunk and the chunks it imports statically.
    const loaded = new Set([entry]);
    for (const name of loaded) for (const item of outputs[name]!.imports) if (item.kind === 'import-statement') loaded.add(item.path);
    const upFront = [...loaded].flatMap((name) => Object.keys(outputs[name]!.inputs));
    expect(upFront.filter((path) => /h5wasm|fflate|keras3\/(h5|keras-archive|keras-bytes|weights-h5)\.ts/.test(path))).toEqual([]);
    const h5Chunks = Object.keys(outputs).filter((name) => Object.keys(outputs[name]!.inputs).some((path) => path.includes('h5wasm')));
    expect(h5Chunks).toHaveLength(1);
    for (const file of result.outputFiles!) expect(nodeOnlyReferences(file.text), file.path).toEqual([]);
  });

  it('runs compile/fit/evaluate/predict and saves to memory without process or setImmediate', async () => {
    const entry = `
      import * as tf from '@tensorflow/tfjs-core';
      import '@tensorflow/tfjs-backend-cpu';
      import { Sequential, loadModel } from './index.ts';
      import { KerasDense } from './testing/keras-layers.test-utils.ts';
      globalThis.run = async () => {
        await tf.setBackend('cpu');
        const model = new Sequential([new KerasDense({ units: 4, activation: 'relu', inputShape: [3] }), new KerasDense({ units: 1 })]);
        model.compile({ optimizer: 'sgd', loss: 'mse' });
        const x = tf.randomUniform([16, 3], 0, 1, 'float32', 1);
        const y = tf.sum(x, 1, true);
        const history = await model.fit(x, y, { epochs: 2, batchSize: 4, validationSplit: 0.25 });
        const loss = await model.evaluate(x, y, { verbose: 0 });
        let saved;
        await model.save(tf.io.withSaveHandler(async (artifacts) => { saved = artifacts; return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } }; }));
        const loaded = await loadModel(saved);
        const same = tf.tidy(() => tf.max(tf.abs(tf.sub(model.predict(x), loaded.predict(x)))).dataSync()[0]);
        return { losses: history.history.loss, valLosses: history.history.val_loss, loss, same, browser: tf.env().getBool('IS_BROWSER') };
      };`;
    // h5wasm stays external: this test runs no Keras file, and inlining its 4 MB would only slow it.
    const result = await build({
      ...browser,
      format: 'iife',
      external: ['h5wasm'],
      stdin: { contents: entry, resolveDir: source, loader: 'ts', sourcefile: 'entry.ts' },
    });
    const lines: string[] = [];
    const context: Record<string, unknown> = {
      console: { log: (line: string) => lines.push(line), warn: () => {}, error: () => {}, info: () => {} },
      setTimeout,
      clearTimeout,
      MessageChannel,
      performance,
      TextEncoder,
      TextDecoder,
      URL,
      // Makes tfjs-core's IS_BROWSER true, as in a web worker.
      WorkerGlobalScope: function WorkerGlobalScope() {},
    };
    context.self = context;
    runInNewContext(result.outputFiles![0]!.text, context);
    const outcome = (await (context.run as () => Promise<Record<string, unknown>>)()) as {
      losses: number[];
      valLosses: number[];
      loss: number;
      same: number;
      browser: boolean;
    };
    expect(outcome.browser).toBe(true);
    expect(outcome.losses).toHaveLength(2);
    expect(outcome.valLosses).toHaveLength(2);
    expect(Number.isFinite(outcome.loss)).toBe(true);
    expect(outcome.same).toBe(0);
    expect(lines.filter((line) => line.startsWith('Epoch '))).toEqual(['Epoch 1/2', 'Epoch 2/2']);
    expect(lines.filter((line) => /^3\/3 ━{20} .* - loss: .* - val_loss: /.test(line))).toHaveLength(2);
  });
});
