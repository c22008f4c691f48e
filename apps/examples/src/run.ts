import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs-core';
import { getBackend, setBackend, setRandomSeed } from '@keras-ts/core';

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
}

const BACKEND_IMPORTS: Record<string, () => Promise<unknown>> = {
  wasm: () => import('@keras-ts/backend-wasm'),
  native: () => import('@keras-ts/backend-native'),
  cuda: () => import('@keras-ts/backend-cuda'),
};

/** Parses `--backend`, `--epochs`, `--seed`, `--out`, selects the backend, seeds, and runs `main`. */
export async function run(name: string, main: (flags: ExampleFlags) => Promise<void>): Promise<void> {
  const { values } = parseArgs({
    args: process.argv.slice(2).filter((arg) => arg !== '--'),
    options: {
      backend: { type: 'string' },
      epochs: { type: 'string' },
      seed: { type: 'string', default: '123' },
      out: { type: 'string', default: `out/${name}` },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(`Usage: pnpm example ${name} [--backend cpu|wasm|native|cuda] [--epochs N] [--seed N] [--out DIR]`);
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
  await main({ backend, epochs, seed, outDir: values.out! });
  console.log(`${name}: done in ${((performance.now() - start) / 1000).toFixed(1)} s`);
}

/** Fraction of rows where argmax(prediction) equals the label. */
export function accuracyOf(predictions: tf.Tensor, labels: tf.Tensor): number {
  return tf.tidy(() => tf.mean(tf.cast(tf.equal(tf.argMax(predictions, -1), tf.cast(labels, 'int32')), 'float32')).dataSync()[0]!);
}
