import * as tf from '@tensorflow/tfjs-core';
import { runOnCpuCopying } from '@keras-ts/backend-kit';
import { hasStockKernel, type KernelArguments, stockKernel } from '../backend/stock-kernels.js';

/**
 * Reductions whose stock wasm kernel skips its loop for an empty input and returns the output
 * buffer as `makeOutput` left it: uninitialised heap memory (values such as 3.7e-41 where the cpu
 * backend gives NaN for max/min, 1 for prod, 0 for sum and mean).
 */
export const EMPTY_UNSAFE_REDUCTIONS = [tf.Max, tf.Min, tf.Prod, tf.Mean, tf.Sum, tf.All, tf.Any, tf.ArgMax, tf.ArgMin] as const;

/** Whether some input of a kernel call holds no elements. */
export function hasEmptyInput(inputs: tf.NamedTensorInfoMap): boolean {
  return Object.values(inputs).some((info) => info !== undefined && tf.util.sizeFromShape(info.shape) === 0);
}

/**
 * `kernelFunc` for a reduction, except that an empty input is reduced by tfjs-backend-cpu's kernel
 * (no data to copy; the result is the cpu backend's, so every backend answers alike).
 */
export function withEmptyInputsOnCpu(kernelName: string, kernelFunc: (args: KernelArguments) => tf.TensorInfo | tf.TensorInfo[]) {
  return (args: KernelArguments): tf.TensorInfo | tf.TensorInfo[] => (hasEmptyInput(args.inputs) ? runOnCpuCopying(kernelName, args) : kernelFunc(args));
}

/** The stock reductions of {@link EMPTY_UNSAFE_REDUCTIONS} (all but Sum, which has its own kernel) with empty inputs reduced on cpu. */
export const emptySafeReductionConfigs: tf.KernelConfig[] = EMPTY_UNSAFE_REDUCTIONS.filter((name) => name !== tf.Sum && hasStockKernel(name)).map(
  (kernelName) => ({
    kernelName,
    backendName: 'wasm',
    setupFunc: stockKernel(kernelName).setupFunc,
    kernelFunc: withEmptyInputsOnCpu(kernelName, (args) => stockKernel(kernelName).kernelFunc(args)) as tf.KernelFunc,
  }),
);
