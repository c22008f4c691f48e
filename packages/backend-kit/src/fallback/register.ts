import * as tf from '@tensorflow/tfjs-core';
import { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import { InternalError } from '@keras-ts/common';
import { silenceTfjsNodeNotice } from '../definition/tfjs-node-notice.js';
import { recordFallback } from './counter.js';

/**
 * How a fallback reaches tensor data.
 * - `'shared'`: the backend stores host TypedArrays the way the cpu backend does (it extends
 *   `MathBackendCPU`), so the cpu kernel runs on the backend itself with no copy.
 * - `'copy'`: the backend keeps its own memory (WASM heap, GPU); inputs are read to the host,
 *   the cpu kernel runs on a private cpu backend, and outputs are written back.
 */
export type FallbackTransfer = 'shared' | 'copy';

/** Options for {@link registerCpuFallbacks}. */
export interface CpuFallbackOptions {
  /** How tensor data crosses to the cpu kernel. */
  transfer: FallbackTransfer;
  /** Kernels never to register as fallbacks even if the backend lacks them. */
  exclude?: Iterable<string>;
}

let privateCpu: MathBackendCPU | undefined;
function hostBackend(): MathBackendCPU {
  if (privateCpu === undefined) {
    privateCpu = new MathBackendCPU();
    silenceTfjsNodeNotice(privateCpu);
  }
  return privateCpu;
}

type KernelFunction = tf.KernelConfig['kernelFunc'];
interface BackendWithIo {
  readSync(dataId: tf.DataId): tf.backend_util.BackendValues;
  write(values: tf.backend_util.BackendValues, shape: number[], dtype: tf.DataType): tf.DataId;
}

/** Runs `cpuKernel` on the private cpu backend with copies of `inputs` read from `backend`, and writes its outputs back to `backend`. */
function runCopying(cpuKernel: KernelFunction, { inputs, backend, attrs }: Parameters<KernelFunction>[0]): tf.TensorInfo | tf.TensorInfo[] {
  const target = backend as unknown as BackendWithIo;
  const cpu = hostBackend();
  const hostInputs: tf.NamedTensorInfoMap = {};
  const created: tf.TensorInfo[] = [];
  for (const [name, info] of Object.entries(inputs)) {
    if (info === undefined) continue;
    const values = target.readSync(info.dataId);
    const copy = { dataId: cpu.write(values, info.shape, info.dtype), shape: info.shape, dtype: info.dtype };
    hostInputs[name] = copy;
    created.push(copy);
  }
  try {
    const result = cpuKernel({ inputs: hostInputs, backend: cpu, attrs });
    const outputs = Array.isArray(result) ? result : [result as tf.TensorInfo];
    const moved = outputs.map((output) => {
      const values = cpu.readSync(output.dataId);
      cpu.disposeData(output.dataId, true);
      return { dataId: target.write(values, output.shape, output.dtype), shape: output.shape, dtype: output.dtype };
    });
    return Array.isArray(result) ? moved : (moved[0] as tf.TensorInfo);
  } finally {
    for (const info of created) cpu.disposeData(info.dataId, true);
  }
}

/**
 * Runs tfjs-backend-cpu's `kernelName` on copies of the inputs (read from `args.backend`, which
 * must have `readSync` and `write`) and writes the outputs back to that backend: for a backend
 * whose own kernel cannot handle some inputs (an empty reduction, say). Not counted as a fallback.
 */
export function runOnCpuCopying(kernelName: string, args: Parameters<KernelFunction>[0]): tf.TensorInfo | tf.TensorInfo[] {
  const kernel = tf.getKernel(kernelName, 'cpu');
  if (kernel === undefined) throw new InternalError(`tfjs-backend-cpu has no kernel '${kernelName}'.`);
  return runCopying(kernel.kernelFunc, args);
}

function copyingKernel(backendName: string, kernelName: string, cpuKernel: KernelFunction): KernelFunction {
  return (args) => {
    recordFallback(backendName, kernelName);
    return runCopying(cpuKernel, args);
  };
}

function sharingKernel(backendName: string, kernelName: string, cpuKernel: KernelFunction): KernelFunction {
  return (args) => {
    recordFallback(backendName, kernelName);
    return cpuKernel(args);
  };
}

/**
 * Registers, for every cpu kernel that `backendName` does not implement, a fallback that runs
 * the cpu kernel and counts each use. Call it after the backend registered its own kernels.
 *
 * @returns the names of the kernels registered as fallbacks.
 */
export function registerCpuFallbacks(backendName: string, options: CpuFallbackOptions): string[] {
  const excluded = new Set(options.exclude ?? []);
  const registered: string[] = [];
  for (const config of tf.getKernelsForBackend('cpu')) {
    const { kernelName } = config;
    if (excluded.has(kernelName)) continue;
    if (tf.getKernel(kernelName, backendName) !== undefined) continue;
    const kernelFunc =
      options.transfer === 'shared' ? sharingKernel(backendName, kernelName, config.kernelFunc) : copyingKernel(backendName, kernelName, config.kernelFunc);
    tf.registerKernel({ kernelName, backendName, kernelFunc });
    registered.push(kernelName);
  }
  return registered;
}

/** Kernels registered on `backendName` (native and fallback alike). */
export function registeredKernels(backendName: string): string[] {
  return tf.getKernelsForBackend(backendName).map((config) => config.kernelName);
}
