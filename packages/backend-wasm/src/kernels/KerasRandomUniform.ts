import type * as tf from '@tensorflow/tfjs-core';
import {
  type DropoutMaskAttributes,
  fillDropoutMask,
  fillRandomUniform,
  KERAS_DROPOUT_MASK,
  KERAS_RANDOM_UNIFORM,
  type RandomUniformAttributes,
} from '@keras-ts/backend-kit';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import type { KernelArguments } from '../backend/stock-kernels.js';
import { dropoutMaskOnHeap, randomUniformOnHeap } from './random-uniform-heap.js';

/**
 * Seeded uniform noise (dropout masks) written straight into the wasm heap: tf.randomUniform's
 * values bit for bit, from the generator state backend-kit computes, as 64-bit integer arithmetic
 * in a small heap module (random-uniform-heap.ts; a JavaScript loop where the runtime refuses it)
 * instead of tfjs's loop through a generator object and a buffer.
 */
function kerasRandomUniform({ backend, attrs }: KernelArguments): tf.TensorInfo {
  const wasm = backend as BackendWasm;
  const attributes = attrs as unknown as RandomUniformAttributes;
  const output = wasm.makeOutput(attributes.shape, 'float32');
  const values = wasm.typedArrayFromHeap(output) as Float32Array;
  if (!randomUniformOnHeap(wasm, values.byteOffset, values.length, attributes, attributes.minval, attributes.maxval)) fillRandomUniform(values, attributes);
  return output;
}

/** Registration of {@link kerasRandomUniform} on 'wasm', under the name backend-kit declares. */
export const kerasRandomUniformConfig: tf.KernelConfig = {
  kernelName: KERAS_RANDOM_UNIFORM,
  backendName: 'wasm',
  kernelFunc: kerasRandomUniform as unknown as tf.KernelFunc,
};

/**
 * tf.dropout's multiplier ⌊u + keep⌋ / keep straight into the heap: the same generator as
 * {@link kerasRandomUniform}, each draw mapped to the mask value in the same module pass (a
 * JavaScript loop where the runtime refuses it), instead of noise and three elementwise kernels.
 */
function kerasDropoutMask({ backend, attrs }: KernelArguments): tf.TensorInfo {
  const wasm = backend as BackendWasm;
  const attributes = attrs as unknown as DropoutMaskAttributes;
  const output = wasm.makeOutput(attributes.shape, 'float32');
  const values = wasm.typedArrayFromHeap(output) as Float32Array;
  if (!dropoutMaskOnHeap(wasm, values.byteOffset, values.length, attributes, attributes.rate)) fillDropoutMask(values, attributes);
  return output;
}

/** Registration of {@link kerasDropoutMask} on 'wasm', under the name backend-kit declares. */
export const kerasDropoutMaskConfig: tf.KernelConfig = {
  kernelName: KERAS_DROPOUT_MASK,
  backendName: 'wasm',
  kernelFunc: kerasDropoutMask as unknown as tf.KernelFunc,
};
