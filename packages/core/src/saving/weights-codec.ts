import * as tf from '@tensorflow/tfjs-core';
import { ValueError } from '../errors/errors.js';

/** One entry of a tfjs `weightsManifest` group: a tensor's name, shape and dtype in the binary file. */
export interface WeightSpec {
  name: string;
  shape: number[];
  dtype: string;
  /** 'optimizer' for optimizer state; absent for model weights (tfjs-layers' convention). */
  group?: string;
  /** Present in quantized files written by the tfjs converter. */
  quantization?: { dtype: string; [key: string]: unknown };
}

/** A named tensor to store. */
export interface NamedTensor {
  name: string;
  tensor: tf.Tensor;
  group?: string;
}

const BYTES: Record<string, number> = { float32: 4, int32: 4, bool: 1, complex64: 8, float16: 2, uint8: 1, uint16: 2 };

/** Bytes one spec occupies in the binary file; throws for dtypes that cannot be stored. */
export function specByteLength(spec: WeightSpec): number {
  const storage = spec.quantization?.dtype ?? spec.dtype;
  const bytes = BYTES[storage];
  if (bytes === undefined) {
    throw new ValueError(
      `Weight '${spec.name}' has dtype '${storage}', which the weights file cannot hold. Supported: float32, int32, bool (and quantized uint8/uint16/float16 on load).`,
    );
  }
  if (!Array.isArray(spec.shape) || !spec.shape.every((d) => Number.isInteger(d) && d >= 0)) {
    throw new ValueError(`Weight '${spec.name}' has an invalid shape ${JSON.stringify(spec.shape)} in the manifest; expected a list of non-negative integers.`);
  }
  return spec.shape.reduce((size, d) => size * d, 1) * bytes;
}

/** Little-endian bytes of the tensors, one after another, and their manifest entries. */
export function encodeWeights(entries: NamedTensor[]): { data: Uint8Array; specs: WeightSpec[] } {
  const specs: WeightSpec[] = entries.map(({ name, tensor, group }) => ({ name, shape: [...tensor.shape], dtype: tensor.dtype, ...(group ? { group } : {}) }));
  const total = specs.reduce((sum, spec) => sum + specByteLength(spec), 0);
  const data = new Uint8Array(total);
  let offset = 0;
  entries.forEach(({ tensor }) => {
    const values = tensor.dataSync();
    const bytes = tensor.dtype === 'bool' ? Uint8Array.from(values as Uint8Array) : new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
    data.set(bytes, offset);
    offset += bytes.byteLength;
  });
  return { data, specs };
}

/**
 * Checks that `data` is exactly as long as the manifest says (a truncated or padded file fails
 * here, before any tensor is created), then decodes every tensor by name.
 */
export function decodeWeights(data: Uint8Array, specs: WeightSpec[], source: string): Map<string, tf.Tensor> {
  const expected = specs.reduce((sum, spec) => sum + specByteLength(spec), 0);
  if (data.byteLength !== expected) {
    throw new ValueError(
      `The weights data of ${source} has ${data.byteLength} bytes, but its manifest describes ${expected} bytes (${specs.length} tensors). The weights file is truncated, corrupt or belongs to another model; save the model again.`,
    );
  }
  const names = new Set<string>();
  for (const spec of specs) {
    if (names.has(spec.name)) throw new ValueError(`The manifest of ${source} lists the weight '${spec.name}' twice; the file is corrupt.`);
    names.add(spec.name);
  }
  const buffer = data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) as ArrayBuffer;
  // Inside tidy: if decoding fails halfway, the tensors made so far are freed.
  const tensors = tf.tidy(() => {
    const decoded = tf.io.decodeWeights(buffer, specs as tf.io.WeightsManifestEntry[]);
    return specs.map((spec) => decoded[spec.name]!);
  });
  return new Map(specs.map((spec, index) => [spec.name, tensors[index]!]));
}
