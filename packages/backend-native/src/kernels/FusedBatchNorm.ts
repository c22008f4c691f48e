import * as tf from '@tensorflow/tfjs-core';
import { ShapeError, ValueError } from '@keras-ts/common';
import { BACKEND_NAME, cpuFallback } from '../backend/host.js';
import type { NativeBackend } from '../backend/native-backend.js';
import { broadcastBinary, type HostOperand } from './binary.js';

/**
 * FusedBatchNorm: (x - mean) * scale / sqrt(variance + epsilon) + offset, as native
 * broadcasting passes (the per-channel factor is computed once on the small operands).
 */
export const fusedBatchNormConfig: tf.KernelConfig = {
  kernelName: tf.FusedBatchNorm,
  backendName: BACKEND_NAME,
  kernelFunc: (args) => {
    const backend = args.backend as NativeBackend;
    const { x, mean, variance, offset, scale } = args.inputs as Record<string, tf.TensorInfo | undefined>;
    if (x === undefined || mean === undefined || variance === undefined) throw new ValueError('FusedBatchNorm: inputs x, mean and variance are required.');
    const all = [x, mean, variance, offset, scale].filter((t): t is tf.TensorInfo => t !== undefined);
    if (all.some((t) => t.dtype !== 'float32')) return cpuFallback(tf.FusedBatchNorm, args);
    const epsilon = Number((args.attrs as unknown as tf.FusedBatchNormAttrs).varianceEpsilon ?? 0.001);
    const operand = (t: tf.TensorInfo): HostOperand => ({ values: backend.values(t), shape: t.shape });
    // 1 / sqrt(variance + epsilon) on the host (the per-channel operand is small), not
    // pow(·, −0.5): pow(−∞, −0.5) is +0 where the cpu kernel's sqrt gives NaN.
    let factor: HostOperand = { values: Float32Array.from(backend.values(variance), (value) => 1 / Math.sqrt(value + epsilon)), shape: variance.shape };
    if (scale !== undefined) factor = broadcastBinary('Multiply', factor, operand(scale), 'float32');
    const centered = broadcastBinary('Sub', operand(x), operand(mean), 'float32');
    if (!tf.util.arraysEqual(centered.shape, x.shape)) throw new ShapeError(`FusedBatchNorm: mean [${mean.shape}] must broadcast to x [${x.shape}].`);
    const out = broadcastBinary('Multiply', centered, factor, 'float32', centered.values);
    if (offset !== undefined) broadcastBinary('Add', out, operand(offset), 'float32', out.values);
    return backend.output(x.shape, 'float32', out.values);
  },
};
