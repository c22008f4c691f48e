import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs-core';
import { getBackend, KerasError, randomUniform, setBackend, setRandomSeed } from '@keras-ts/core';
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

const FLAGS = {
  backend: { type: 'string' },
  epochs: { type: 'string' },
  seed: { type: 'string' },
  out: { type: 'string' },
  data: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** A mistake in the command line: printed as one line, without a stack. */
export class UsageError extends Error {
  override name = 'UsageError';
}

function usage(name: string): string {
  return `Usage: pnpm example ${name} [--backend cpu|wasm|native|cuda] [--epochs N] [--seed N] [--out DIR] [--data DIR]`;
}

function positiveInteger(flag: string, text: string | undefined, allowZero: boolean): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isInteger(value) || value < (allowZero ? 0 : 1)) {
    throw new UsageError(`--${flag} must be ${allowZero ? 'a non-negative' : 'a positive'} integer, got '${text}'.`);
  }
  return value;
}

/**
 * Parses the flags; every mistake is a UsageError naming the flag and the valid ones. Returns
 * undefined for `--help` (after printing the usage).
 */
export function parseFlags(name: string, argv: string[]): ExampleFlags | undefined {
  let values: { [K in keyof typeof FLAGS]?: (typeof FLAGS)[K]['type'] extends 'string' ? string : boolean };
  try {
    ({ values } = parseArgs({ args: argv.filter((arg) => arg !== '--'), options: FLAGS, strict: true, allowPositionals: false }));
  } catch (error) {
    const valid = Object.keys(FLAGS)
      .map((flag) => `--${flag}`)
      .join(', ');
    const first = (error as Error).message.split(/\.(\s|$)/)[0];
    throw new UsageError(`${first}. Valid flags: ${valid}.`);
  }
  if (values.help === true) {
    console.log(usage(name));
    return undefined;
  }
  const backend = values.backend;
  if (backend !== undefined && backend !== 'cpu' && BACKEND_IMPORTS[backend] === undefined) {
    throw new UsageError(`Unknown backend '${backend}'. Valid backends: cpu, ${Object.keys(BACKEND_IMPORTS).join(', ')}.`);
  }
  return {
    backend,
    epochs: positiveInteger('epochs', values.epochs, false),
    seed: positiveInteger('seed', values.seed, true) ?? 123,
    outDir: values.out ?? `out/${name}`,
    dataDir: values.data,
  };
}

/** Errors the user can fix (keras-ts's typed errors, bad flags): one line, no stack. */
function isUserError(error: unknown): error is Error {
  if (error instanceof UsageError || error instanceof KerasError) return true;
  // Other packages' own Error subclasses are typed user errors too; plain Errors and the built-in
  // TypeError/RangeError/… are bugs and keep their stack.
  const builtIn = [Error, TypeError, RangeError, ReferenceError, SyntaxError, EvalError, URIError];
  return error instanceof Error && !builtIn.includes(error.constructor as ErrorConstructor);
}

/** Parses `--backend`, `--epochs`, `--seed`, `--out`, `--data`, selects the backend, seeds, and runs `main`. */
export async function run(name: string, main: (flags: ExampleFlags) => Promise<void>): Promise<void> {
  try {
    // Every flag is checked before a backend loads, so a mistake costs nothing and prints one line.
    const flags = parseFlags(name, process.argv.slice(2));
    if (flags === undefined) return;
    const { backend, seed } = flags;
    if (backend !== undefined) {
      await BACKEND_IMPORTS[backend]?.();
      await setBackend(backend);
    } else {
      // The wasm backend is the default when it is installed (it registers with a higher priority).
      await BACKEND_IMPORTS.wasm!().catch(() => undefined);
      await tf.ready();
    }
    setRandomSeed(seed);
    console.log(`${name}: backend '${getBackend()}', seed ${seed}`);
    const start = performance.now();
    await main(flags);
    console.log(`${name}: done in ${((performance.now() - start) / 1000).toFixed(1)} s`);
  } catch (error) {
    if (!isUserError(error)) throw error;
    console.error(`${name}: ${error.name}: ${error.message}`);
    process.exitCode = 1;
  }
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
  return tf.tensor(
    Float32Array.from({ length: size }, () => randomUniform()),
    shape,
    'float32',
  );
}

/** `np.random.randint(low, high, size=shape)`: int32 uniform in [low, high), from the seeded generator. */
export function randomIntTensor(shape: number[], low: number, high: number): tf.Tensor {
  const size = shape.reduce((product, dimension) => product * dimension, 1);
  return tf.tensor(
    Int32Array.from({ length: size }, () => low + Math.floor(randomUniform() * (high - low))),
    shape,
    'int32',
  );
}

/** `np.random.randn(shape)`: float32 standard normal (Box–Muller on the seeded generator). */
export function randomNormalTensor(shape: number[]): tf.Tensor {
  const size = shape.reduce((product, dimension) => product * dimension, 1);
  const normal = () => Math.sqrt(-2 * Math.log(1 - randomUniform())) * Math.cos(2 * Math.PI * randomUniform());
  return tf.tensor(Float32Array.from({ length: size }, normal), shape, 'float32');
}
