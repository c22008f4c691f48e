import type * as tf from '@tensorflow/tfjs-core';
import { KERAS_DENSE } from '@keras-ts/backend-kit';
import { InternalError } from '@keras-ts/common';
import { productMultiplyAdds } from '../kernels/matmul-plan.js';
import { threadsNow } from './threads.js';

// Small kernels on one thread. tfjs-backend-wasm runs every XNNPACK operator on one global thread
// pool (pthreadpool), created once with the backend's thread count; a kernel on a few thousand
// floats then wakes the pool's workers, splits microseconds of work and waits for them, which
// costs more than the work (seed 001's Fashion model spent ≈ 0.5 ms of a ≈ 0.8 ms training step
// in that hand-off on two threads, and ran faster with threads off). The pool is one pointer in
// the module's memory (`threadpool` in tfjs's backend.cc, read by `get_threads_count`), and
// XNNPACK takes it at each run, so here a second pool with one thread is created once and put in
// that place around kernels with little work, the threaded pool around the rest — and around
// every kernel while other processes keep cores busy (threads.ts, setAdaptiveThreads).

/** The `threadpool` global of a tfjs-backend-wasm module and its two pools. */
interface Pools {
  heap: () => ArrayBuffer;
  address: number;
  threaded: number;
  /** Threads of the threaded pool. */
  threads: number;
  single: number;
  /** The pool pointer's word, viewed on the current heap buffer (a new one after the heap grows). */
  word: Uint32Array;
}

let pools: Pools | undefined;

/** Below these, a kernel runs on the calling thread alone: multiply-adds of a product, elements otherwise. */
export const SMALL_KERNEL_LIMITS = Object.freeze({ multiplyAdds: 2 ** 22, elements: 2 ** 16 });

function readUleb(bytes: Uint8Array, start: number): [value: number, next: number] {
  let value = 0;
  let shift = 0;
  let index = start;
  for (;;) {
    const byte = bytes[index++];
    if (byte === undefined || shift > 28) throw new InternalError('truncated LEB128');
    value += (byte & 0x7f) * 2 ** shift;
    shift += 7;
    if (byte < 0x80) return [value, index];
  }
}

/**
 * The address of tfjs-backend-wasm's `threadpool` global in `binary`, read from the code of its
 * `get_threads_count` export (`i32.const address; i32.load` first); `undefined` when the binary
 * is not shaped that way.
 */
export function threadpoolAddress(binary: Uint8Array): number | undefined {
  try {
    if (binary[0] !== 0x00 || binary[1] !== 0x61 || binary[2] !== 0x73 || binary[3] !== 0x6d) return undefined;
    let index = 8;
    let importedFunctions = 0;
    let exported: number | undefined;
    while (index < binary.length) {
      const id = binary[index++]!;
      let size: number;
      [size, index] = readUleb(binary, index);
      const end = index + size;
      if (id === 2) {
        let count: number;
        let at: number;
        [count, at] = readUleb(binary, index);
        for (let entry = 0; entry < count; entry++) {
          for (let text = 0; text < 2; text++) {
            let length: number;
            [length, at] = readUleb(binary, at);
            at += length;
          }
          const kind = binary[at++];
          if (kind === 0) {
            importedFunctions++;
            [, at] = readUleb(binary, at);
          } else if (kind === 1) {
            at++;
            const flags = binary[at++]!;
            [, at] = readUleb(binary, at);
            if (flags & 1) [, at] = readUleb(binary, at);
          } else if (kind === 2) {
            const flags = binary[at++]!;
            [, at] = readUleb(binary, at);
            if (flags & 1) [, at] = readUleb(binary, at);
          } else if (kind === 3) {
            at += 2;
          } else {
            return undefined;
          }
        }
      } else if (id === 7) {
        let count: number;
        let at: number;
        [count, at] = readUleb(binary, index);
        for (let entry = 0; entry < count && exported === undefined; entry++) {
          let length: number;
          [length, at] = readUleb(binary, at);
          const name = String.fromCharCode(...binary.subarray(at, at + length));
          at += length;
          const kind = binary[at++];
          let target: number;
          [target, at] = readUleb(binary, at);
          if (kind === 0 && name === 'get_threads_count') exported = target;
        }
      } else if (id === 10 && exported !== undefined) {
        const [count, first] = readUleb(binary, index);
        let at = first;
        const wanted = exported - importedFunctions;
        if (wanted < 0 || wanted >= count) return undefined;
        for (let body = 0; body < wanted; body++) {
          let length: number;
          [length, at] = readUleb(binary, at);
          at += length;
        }
        [, at] = readUleb(binary, at); // the body's size
        let groups: number;
        [groups, at] = readUleb(binary, at);
        for (let group = 0; group < groups; group++) {
          [, at] = readUleb(binary, at);
          at++;
        }
        if (binary[at] !== 0x41) return undefined; // i32.const
        const [address, next] = readUleb(binary, at + 1);
        return binary[next] === 0x28 ? address : undefined; // i32.load
      }
      index = end;
    }
  } catch {
    return undefined;
  }
  return undefined;
}

/** What {@link installSmallKernelPool} needs of the emscripten module. */
export interface PoolModule {
  HEAPU8: Uint8Array;
  tfjs: { initWithThreadsCount(threads: number): void; getThreadsCount(): number };
}

/**
 * Creates the one-thread pool next to the module's threaded one, after checking that `address`
 * really is the pool pointer (with it zeroed `get_threads_count` must answer −1, with the new pool
 * 1); returns whether small kernels will run on one thread. Leaves the threaded pool in place.
 */
export function installSmallKernelPool(module: PoolModule, address: number | undefined): boolean {
  pools = undefined;
  const threads = module.tfjs.getThreadsCount();
  if (address === undefined || address % 4 !== 0 || threads < 2) return false;
  const word = () => new Uint32Array(module.HEAPU8.buffer, address, 1);
  const threaded = word()[0]!;
  if (threaded === 0) return false;
  word()[0] = 0;
  const answersEmpty = module.tfjs.getThreadsCount() === -1;
  word()[0] = threaded;
  if (!answersEmpty || module.tfjs.getThreadsCount() !== threads) return false;
  module.tfjs.initWithThreadsCount(1);
  const single = word()[0]!;
  const singleThreaded = module.tfjs.getThreadsCount() === 1;
  word()[0] = threaded;
  if (!singleThreaded || single === 0 || single === threaded) return false;
  pools = { heap: () => module.HEAPU8.buffer as ArrayBuffer, address, threaded, threads, single, word: word() };
  return true;
}

function elements(info: tf.TensorInfo | undefined): number {
  let total = 1;
  for (const dimension of info?.shape ?? []) total *= dimension;
  return info === undefined ? 0 : total;
}

/** Whether `kernelName` on `inputs` has too little work to be worth the thread pool's hand-off. */
export function isSmallKernel(kernelName: string, inputs: tf.NamedTensorInfoMap, attrs?: tf.NamedAttrMap): boolean {
  // The whole-sequence recurrent kernels choose a pool for each product and activation they run
  // (kernels/recurrent-sequence.ts): many small per-step products, a few larger ones.
  if (kernelName.startsWith('KerasLSTMSequence') || kernelName.startsWith('KerasGRUSequence')) return true;
  // A fused Dense layer is its product's size: the bias pass and activation after it are a sliver.
  if (kernelName === KERAS_DENSE) {
    const { x, kernel } = inputs;
    return x === undefined || kernel === undefined || productMultiplyAdds(x.shape, kernel.shape, false, false) < SMALL_KERNEL_LIMITS.multiplyAdds;
  }
  if (kernelName === 'BatchMatMul' || kernelName === '_FusedMatMul') {
    const { a, b } = inputs;
    if (a === undefined || b === undefined || a.shape.length < 2 || b.shape.length < 2) return true;
    return productMultiplyAdds(a.shape, b.shape, Boolean(attrs?.transposeA), Boolean(attrs?.transposeB)) < SMALL_KERNEL_LIMITS.multiplyAdds;
  }
  let total = 0;
  for (const name in inputs) total += elements(inputs[name]);
  // A convolution does a window's work per element: count it as 64 elements' worth.
  return (kernelName.includes('Conv') ? 64 * total : total) < SMALL_KERNEL_LIMITS.elements;
}

/**
 * Runs `run` with the one-thread pool in place when the kernel is small (see {@link isSmallKernel})
 * or fewer threads than the pool's may run now (other processes hold cores: `threadsNow`), and the
 * pools are installed, restoring whichever pool was in place afterwards.
 */
export function onPoolFor<T>(kernelName: string, inputs: tf.NamedTensorInfoMap, attrs: tf.NamedAttrMap | undefined, run: () => T): T {
  const installed = pools;
  if (installed === undefined) return run();
  const previous = poolWord(installed)[0]!;
  const wanted = isSmallKernel(kernelName, inputs, attrs) || threadsNow(installed.threads) < installed.threads ? installed.single : installed.threaded;
  if (wanted === previous) return run();
  poolWord(installed)[0] = wanted;
  try {
    return run();
  } finally {
    // The heap may have grown (a new buffer) during the kernel.
    poolWord(installed)[0] = previous;
  }
}

/** The pool pointer's word on the current heap buffer, made again only when the heap grew. */
function poolWord(installed: Pools): Uint32Array {
  const heap = installed.heap();
  if (installed.word.buffer !== heap) installed.word = new Uint32Array(heap, installed.address, 1);
  return installed.word;
}
