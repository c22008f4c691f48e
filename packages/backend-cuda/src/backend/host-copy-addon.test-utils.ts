import * as tf from '@tensorflow/tfjs-core';
import { setFallbackLogger } from '@keras-ts/backend-kit';
import { afterAll, beforeAll } from 'vitest';
import { DeviceType } from '../native/op-codes.js';
import { HostMemoryAddon } from './host-memory-addon.test-utils.js';
import { defineCudaBackend } from './register.js';

/**
 * The host double of device memory plus host versions of the addon's data-movement kernels
 * (`copyStrided`, `fill`), so the shape kernels built on them (views, slices, strided slices)
 * are tested without a GPU. Every element is 4 bytes, as on the device; reads and writes
 * outside a block throw, so an index bug fails loudly instead of reading a neighbour.
 * The other kernels are absent: a test that reaches one fails with "is not a function".
 */
export class HostCopyAddon extends HostMemoryAddon {
  private words(pointer: number): Int32Array {
    const block = this.blocks.get(pointer);
    if (block === undefined) throw new Error(`unknown pointer ${pointer}`);
    return new Int32Array(block.buffer, block.byteOffset, block.byteLength / 4);
  }

  copyStrided(x: number, y: number, shape: number[], inStrides: number[], outStrides: number[], inOffset: number, outOffset: number, modulo?: number[]): void {
    const input = this.words(x);
    const output = this.words(y);
    const count = shape.reduce((product, dimension) => product * dimension, 1);
    for (let i = 0; i < count; i++) {
      let remaining = i;
      let source = inOffset;
      let target = outOffset;
      for (let k = shape.length - 1; k >= 0; k--) {
        const dimension = shape[k] as number;
        const coordinate = remaining % dimension;
        remaining = Math.floor(remaining / dimension);
        source += (modulo === undefined ? coordinate : coordinate % (modulo[k] as number)) * (inStrides[k] as number);
        target += coordinate * (outStrides[k] as number);
      }
      if (source < 0 || source >= input.length) throw new Error(`copyStrided reads element ${source} of a block of ${input.length}`);
      if (target < 0 || target >= output.length) throw new Error(`copyStrided writes element ${target} of a block of ${output.length}`);
      output[target] = input[source] as number;
    }
  }

  fill(dtype: number, y: number, n: number, value: number): void {
    const words = this.words(y);
    const view = dtype === DeviceType.float32 ? new Float32Array(words.buffer, words.byteOffset, n) : words.subarray(0, n);
    view.fill(value);
  }

  /** Present so `CudaBackend.kernels` accepts this double; matrix products are not emulated. */
  gemm(): void {
    throw new Error('HostCopyAddon does not emulate gemm');
  }
}

/**
 * Registers 'cuda' on a {@link HostCopyAddon} and makes it the active backend for the test
 * file (vitest runs each file in its own process), restoring 'cpu' afterwards.
 */
export function useHostCopyBackend(): HostCopyAddon {
  const addon = new HostCopyAddon();
  beforeAll(async () => {
    setFallbackLogger(() => {});
    defineCudaBackend({ available: true, reason: 'host double' }, addon);
    await tf.setBackend('cuda');
  });
  afterAll(async () => {
    await tf.setBackend('cpu');
    tf.removeBackend('cuda');
  });
  return addon;
}
