import * as tf from '@tensorflow/tfjs-core';
import { BackendError } from '@keras-ts/common';
import { onPoolFor } from './small-kernel-pool.js';

/** What crashed the WebAssembly instance, once something has. */
interface Crash {
  kernelName: string;
  inputs: string;
  reason: string;
}

let crash: Crash | undefined;
const GUARDED = Symbol.for('keras-ts.wasmTrapGuarded');

/**
 * Whether `error` is a WebAssembly trap or an emscripten abort (which throws a
 * `WebAssembly.RuntimeError` "Aborted(…)"): the instance stopped mid-call.
 */
function isTrap(error: unknown): boolean {
  return (typeof WebAssembly !== 'undefined' && error instanceof WebAssembly.RuntimeError) || (error instanceof Error && /^Aborted\(/.test(error.message));
}

function describeInputs(inputs: tf.NamedTensorInfoMap): string {
  return Object.entries(inputs)
    .filter((entry): entry is [string, tf.TensorInfo] => entry[1] !== undefined)
    .map(([name, info]) => `${name}: ${info.dtype}[${info.shape.join(', ')}]`)
    .join(', ');
}

function crashedError(doing: string): BackendError {
  const { kernelName, inputs, reason } = crash!;
  return new BackendError(
    `The 'wasm' backend cannot ${doing}: its WebAssembly instance crashed earlier in this process, in kernel '${kernelName}' (${inputs}): ${reason}. ` +
      'A crashed instance may hold locks or have damaged memory, so keras-ts refuses to call into it again (a call could wait forever). ' +
      "Restart the process; to keep going without 'wasm', switch with setBackend('cpu') and recreate the model's tensors. Please report the kernel and its input shapes.",
  );
}

/** The crash that disabled 'wasm' in this process, or `undefined` while it works. */
export function wasmCrash(): Readonly<Crash> | undefined {
  return crash;
}

/**
 * Wraps one kernel so that a trap inside it (an out-of-bounds access, `unreachable`, an emscripten
 * abort) becomes a {@link BackendError} naming the kernel, its inputs and the trap, and disables
 * the instance: every later kernel call fails at once with the same explanation instead of
 * entering the crashed instance, where it could block forever on a lock the trapped call held.
 * That was how a wasm MaxPool trap turned into a `fit` that never returned.
 */
export function guardKernel(config: tf.KernelConfig): tf.KernelConfig {
  const kernelFunc = config.kernelFunc as tf.KernelFunc & { [GUARDED]?: true };
  if (kernelFunc[GUARDED]) return config;
  const guarded: tf.KernelFunc & { [GUARDED]?: true } = (args) => {
    if (crash !== undefined) throw crashedError(`run kernel '${config.kernelName}'`);
    try {
      return onPoolFor(config.kernelName, args.inputs, args.attrs, () => kernelFunc(args));
    } catch (error) {
      if (!isTrap(error)) throw error;
      crash = { kernelName: config.kernelName, inputs: describeInputs(args.inputs), reason: error instanceof Error ? error.message : String(error) };
      throw new BackendError(
        `The 'wasm' backend crashed in kernel '${config.kernelName}' (${crash.inputs}): ${crash.reason}. ` +
          "Its WebAssembly instance is disabled for the rest of this process (another call into it could wait forever). Restart the process, or switch with setBackend('cpu'). Please report the kernel and its input shapes.",
        { cause: error },
      );
    }
  };
  guarded[GUARDED] = true;
  originals.set(guarded, kernelFunc);
  return { ...config, kernelFunc: guarded };
}

const originals = new WeakMap<tf.KernelFunc, tf.KernelFunc>();

/** The kernel function {@link guardKernel} wrapped, or `undefined` when `kernelFunc` is not a guard. */
export function unguardedKernelFunc(kernelFunc: tf.KernelFunc): tf.KernelFunc | undefined {
  return originals.get(kernelFunc);
}

/** Re-registers every kernel of `backendName` through {@link guardKernel}. */
export function guardKernelsAgainstTraps(backendName: string): void {
  for (const config of tf.getKernelsForBackend(backendName)) {
    const guarded = guardKernel(config);
    if (guarded === config) continue;
    tf.unregisterKernel(config.kernelName, backendName);
    tf.registerKernel(guarded);
  }
}

type Method = (...parameters: never[]) => unknown;

/**
 * Makes the backend's own entry points into the instance safe after a crash: writing or moving
 * tensor data (a `malloc`) throws the crash's {@link BackendError}, freeing data and disposing
 * the backend do nothing (the memory is unusable anyway, and `free` could block on the allocator's
 * lock). Reading data that earlier kernels finished stays possible: it only copies from the heap.
 */
export function guardBackendAgainstTraps<B extends tf.KernelBackend>(backend: B): B {
  const methods = backend as unknown as Record<string, Method>;
  const refuse = (name: string, doing: string) => {
    const original = methods[name]!.bind(backend);
    methods[name] = (...parameters) => {
      if (crash !== undefined) throw crashedError(doing);
      return original(...parameters);
    };
  };
  const skip = (name: string, result: unknown) => {
    const original = methods[name]!.bind(backend);
    methods[name] = (...parameters) => (crash !== undefined ? result : original(...parameters));
  };
  refuse('write', 'create a tensor');
  refuse('move', 'create a tensor');
  skip('disposeData', true);
  skip('dispose', undefined);
  return backend;
}
