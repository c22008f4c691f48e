import * as tf from '@tensorflow/tfjs-core';
import { BackendError } from '@keras-ts/common';
import { nativeAddon } from '../addon/load.js';
import { allocate, BACKEND_NAME, broadcastStrides, cpuFallback, hostTyped } from '../backend/host.js';
import type { HostArray } from '../addon/native-addon.js';
import type { NativeBackend } from '../backend/native-backend.js';

// The broadcasting binary kernels share one C++ entry point and differ in op code, input
// names and output dtype, so they are declared as one table rather than as 22 files.

/** 'same': output has the inputs' dtype; 'bool': comparisons; 'logical': bool in, bool out. */
type BinaryKind = 'same' | 'bool' | 'logical';

const binarySpecs: Record<string, { kind: BinaryKind; inputs?: [string, string] }> = {
  Add: { kind: 'same' },
  Sub: { kind: 'same' },
  Multiply: { kind: 'same' },
  Maximum: { kind: 'same' },
  Minimum: { kind: 'same' },
  SquaredDifference: { kind: 'same' },
  FloorDiv: { kind: 'same' },
  Mod: { kind: 'same' },
  Pow: { kind: 'same' },
  RealDiv: { kind: 'same' },
  Atan2: { kind: 'same' },
  Prelu: { kind: 'same', inputs: ['x', 'alpha'] },
  EluGrad: { kind: 'same', inputs: ['dy', 'y'] },
  Equal: { kind: 'bool' },
  NotEqual: { kind: 'bool' },
  Less: { kind: 'bool' },
  LessEqual: { kind: 'bool' },
  Greater: { kind: 'bool' },
  GreaterEqual: { kind: 'bool' },
  LogicalAnd: { kind: 'logical' },
  LogicalOr: { kind: 'logical' },
  LogicalXor: { kind: 'logical' },
};

/** Host values with their shape, as the fused kernels pass them around. */
export interface HostOperand {
  values: HostArray;
  shape: number[];
}

/**
 * Runs one broadcasting binary op; shared with the fused kernels (bias add, prelu), which
 * pass their output array as both `a` and `out` to work in place.
 */
export function broadcastBinary(opName: string, a: HostOperand, b: HostOperand, outDtype: tf.DataType, out?: HostArray): HostOperand {
  const addon = nativeAddon();
  const shape = tf.backend_util.assertAndGetBroadcastShape(a.shape, b.shape);
  const values = out ?? allocate(outDtype, tf.util.sizeFromShape(shape), false);
  addon.binary(addon.binaryOps.indexOf(opName), a.values, broadcastStrides(a.shape, shape), b.values, broadcastStrides(b.shape, shape), values, shape);
  return { values, shape };
}

function binaryConfig(kernelName: string, kind: BinaryKind, names: [string, string]): tf.KernelConfig {
  return {
    kernelName,
    backendName: BACKEND_NAME,
    kernelFunc: (args) => {
      const backend = args.backend as NativeBackend;
      const a = args.inputs[names[0]] as tf.TensorInfo;
      const b = args.inputs[names[1]] as tf.TensorInfo;
      const sameNumeric = a.dtype === b.dtype && hostTyped(a) && (a.dtype !== 'bool' || kind !== 'same');
      if (!sameNumeric || (kind === 'logical' && a.dtype !== 'bool')) return cpuFallback(kernelName, args);
      const dtype = kind === 'same' ? a.dtype : 'bool';
      const operandA = { values: backend.values(a), shape: a.shape };
      const { values, shape } = broadcastBinary(kernelName, operandA, { values: backend.values(b), shape: b.shape }, dtype);
      return backend.output(shape, dtype, values);
    },
  };
}

/** Kernel configs for every broadcasting binary op the addon implements. */
export function binaryKernelConfigs(): tf.KernelConfig[] {
  const codes = nativeAddon().binaryOps;
  return Object.entries(binarySpecs).map(([name, spec]) => {
    if (!codes.includes(name)) throw new BackendError(`@keras-ts/backend-native: the addon lacks binary op '${name}'; rebuild it.`);
    return binaryConfig(name, spec.kind, spec.inputs ?? ['a', 'b']);
  });
}
