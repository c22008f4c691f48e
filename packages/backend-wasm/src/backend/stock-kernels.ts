import * as tf from '@tensorflow/tfjs-core';
// Importing the stock package registers its kernels for 'wasm'; this module snapshots them before
// keras-ts replaces some of them, so replacements can still call the originals.
import '@tensorflow/tfjs-backend-wasm';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { BackendError, InternalError } from '@keras-ts/common';

const snapshot = new Map<string, tf.KernelConfig>(tf.getKernelsForBackend('wasm').map((config) => [config.kernelName, { ...config }]));

/** Arguments every wasm kernel function receives. */
export interface WasmKernelArguments {
  inputs: tf.NamedTensorInfoMap;
  backend: BackendWasm;
  attrs?: tf.NamedAttrMap;
}

/**
 * The kernel tfjs-backend-wasm registered under `kernelName`, as it was before keras-ts replaced
 * any kernel. Throws when the stock backend has no such kernel.
 */
export function stockKernel(kernelName: string): tf.KernelConfig {
  const config = snapshot.get(kernelName);
  if (config === undefined) {
    throw new BackendError(`tfjs-backend-wasm has no kernel '${kernelName}'; expected it in @tensorflow/tfjs-backend-wasm 4.22.`);
  }
  return config;
}

/** Whether tfjs-backend-wasm registered a kernel under `kernelName`. */
export function hasStockKernel(kernelName: string): boolean {
  return snapshot.has(kernelName);
}

/** Runs a stock wasm kernel and returns its single output. */
export function runStock(kernelName: string, args: WasmKernelArguments): tf.TensorInfo {
  const result = stockKernel(kernelName).kernelFunc({
    inputs: args.inputs,
    backend: args.backend,
    attrs: args.attrs ?? {},
  });
  if (Array.isArray(result)) {
    throw new InternalError(`Kernel '${kernelName}' returned ${result.length} outputs where one was expected.`);
  }
  return result;
}

/** The argument tfjs passes to a kernel function. */
export type KernelArguments = Parameters<tf.KernelFunc>[0];
