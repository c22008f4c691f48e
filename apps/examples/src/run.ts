import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs-core';
import { getBackend, randomUniform, setBackend, setRandomSeed } from '@keras-ts/core';
import { savePlot } from '@keras-ts/vis';

/** Flags every example takes. */
export interface ExampleFlags {
  /** Backend name: 'cpu', 'wasm', 'native', 'cuda'. Default: the best registered one. */
  backend?: string;
  /** Epochs to train (default: the tutorial's). */
  epochs?: number;
  /** Global random seed (default 123, as the tutorials seed numpy). */
  seed: number;
  /** Folder for plots and other output. */
  outDir: string;
  /** Folder holding the dataset's files (passed as the datasets' `path` option). Default: the datasets' own search. */
  dataDir?: string;
}

const BACKEND_IMPORTS: Record<string, () => Promise<unknown>> = {
  wasm: () => import('@keras-ts/backend-wasm'),
  native: () => import('@keras-ts/backend-native'),
  cuda: () => import('@keras-ts/backend-cuda'),
};

/** Parses `--backend`, `--epochs`, `--seed`, `--out`, `--data`, selects the backend, seeds, and runs `main`. */
export async function run(name: string, main: (flags: ExampleFlags) => Promise<void>): Promise<void> {
  const { values } = parseArgs({
    args: process.argv.slice(2).filter((arg) => arg !== '--'),
    options: {
      backend: { type: 'string' },
      epochs: { type: 'string' },
      seed: { type: 'string', default: '123' },
      out: { type: 'string', default: `out/${name}` },
      data: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(`Usage: pnpm example ${name} [--backend cpu|wasm|native|cuda] [--epochs N] [--seed N] [--out DIR] [--data DIR]`);
    return;
  }
  // tfjs prints a banner suggesting tfjs-node; keras-ts has its own backends.
  tf.env().set('PROD', true);
  const backend = values.backend;
  if (backend !== undefined) {
    await BACKEND_IMPORTS[backend]?.();
    await setBackend(backend);
  } else {
    // The wasm backend is the default when it is installed (it registers with a higher priority).
    await BACKEND_IMPORTS.wasm!().catch(() => undefined);
    await tf.ready();
  }
  const epochs = values.epochs === undefined ? undefined : Number(values.epochs);
  if (epochs !== undefined && (!Number.isInteger(epochs) || epochs <= 0)) throw new Error(`--epochs must be a positive integer, got ${values.epochs}`);
  const seed = Number(values.seed);
  setRandomSeed(seed);
  console.log(`${name}: backend '${getBackend()}', seed ${seed}`);
  const start = performance.now();
  await main({ backend, epochs, seed, outDir: values.out!, dataDir: values.data });
  console.log(`${name}: done in ${((performance.now() - start) / 1000).toFixed(1)} s`);
}

/** Fraction of rows where argmax(prediction) equals the label. */
export function accuracyOf(predictions: tf.Tensor, labels: tf.Tensor): number {
  return tf.tidy(() => tf.mean(tf.cast(tf.equal(tf.argMax(predictions, -1), tf.cast(labels, 'int32')), 'float32')).dataSync()[0]!);
}

/** Renders `svg` to `<outDir>/<fileName>` (PNG or SVG by extension), creating the folder, and prints where it went. */
export async function saveFigure(svg: string, outDir: string, fileName: string): Promise<string> {
  await mkdir(outDir, { recursive: true });
  const path = join(outDir, fileName);
  await savePlot(svg, path);
  console.log(`wrote ${path}`);
  return path;
}

/** Whether the module with this `import.meta.url` is the script node was started with (not imported by a test). */
export function isMainModule(moduleUrl: string): boolean {
  const script = process.argv[1];
  return script !== undefined && resolve(script) === fileURLToPath(moduleUrl);
}

/** `np.random.random(shape)`: float32 uniform in [0, 1), drawn from keras-ts's seeded generator. */
export function randomTensor(shape: number[]): tf.Tensor {
  const size = shape.reduce((product, dimension) => product * dimension, 1);
  return tf.tensor(Float32Array.from({ length: size }, () => randomUniform()), shape, 'float32');
}

/** `np.random.randint(low, high, size=shape)`: int32 uniform in [low, high), from the seeded generator. */
export function randomIntTensor(shape: number[], low: number, high: number): tf.Tensor {
  const size = shape.reduce((product, dimension) => product * dimension, 1);
  return tf.tensor(Int32Array.from({ length: size }, () => low + Math.floor(randomUniform() * (high - low))), shape, 'int32');
}

/** `np.random.randn(shape)`: float32 standard normal (Box–Muller on the seeded generator). */
export function randomNormalTensor(shape: number[]): tf.Tensor {
  const size = shape.reduce((product, dimension) => product * dimension, 1);
  const normal = () => Math.sqrt(-2 * Math.log(1 - randomUniform())) * Math.cos(2 * Math.PI * randomUniform());
  return tf.tensor(Float32Array.from({ length: size }, normal), shape, 'float32');
}
