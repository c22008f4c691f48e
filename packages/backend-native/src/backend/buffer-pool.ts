import type { HostArray } from '../addon/native-addon.js';

/**
 * Arrays below this size are left to V8: small typed arrays are cheap to allocate and
 * collect, and most tensors of a training step (scalars, biases, per-sample losses) are small.
 */
const MIN_POOLED_BYTES = 16 * 1024;
/** The most memory kept for reuse; arrays released beyond it are left to the garbage collector. */
const MAX_POOLED_BYTES = 256 * 1024 * 1024;
/** The most free arrays kept per dtype and length. */
const MAX_FREE_PER_SIZE = 16;

type Constructor = Float32ArrayConstructor | Int32ArrayConstructor | Uint8ArrayConstructor;

/**
 * Reuses the host arrays of disposed tensors for new kernel outputs.
 *
 * A fresh multi-megabyte `Float32Array` costs more than the kernel that fills it: V8 takes
 * it from the system allocator, the first writes fault its pages in, and the garbage collector
 * runs far more often under that much external memory. A training step allocates and frees
 * the same sizes every step, so reusing them removes that cost.
 *
 * An array is recycled only when it is certain that nothing else can see it: it was issued by
 * {@link take}, stored in exactly one tensor ({@link adopt}), never handed to user code
 * ({@link disown}, called when values are read out, since tfjs-backend-cpu's `readSync`
 * returns the stored array itself) and that tensor's data was freed ({@link release}).
 * Everything is tracked per ArrayBuffer, so subarray views of a stored array also disown it.
 */
export class BufferPool {
  private readonly free = new Map<Constructor, Map<number, HostArray[]>>();
  private pooledBytes = 0;
  /** Taken from the pool or newly allocated by {@link take}, not yet stored in a tensor. */
  private readonly issued = new WeakSet<ArrayBufferLike>();
  /** Stored in exactly one tensor and never exposed: recyclable once that tensor is freed. */
  private readonly owned = new WeakSet<ArrayBufferLike>();

  /**
   * An array of `length` elements of `type`; zero-filled unless `zeroed` is false, for kernels
   * that write every element.
   */
  take<T extends HostArray>(type: Constructor, length: number, zeroed: boolean): T {
    // Small arrays are not pooled, but tracked all the same: privacy is what lets a kernel (the
    // fused optimizer updates) overwrite a bias or a scalar slot in place.
    const array = length * type.BYTES_PER_ELEMENT < MIN_POOLED_BYTES ? undefined : this.free.get(type)?.get(length)?.pop();
    if (array === undefined) {
      const fresh = new type(length);
      this.issued.add(fresh.buffer);
      return fresh as T;
    }
    this.pooledBytes -= array.byteLength;
    if (zeroed) array.fill(0);
    this.issued.add(array.buffer);
    return array as T;
  }

  /** Records that `values` now backs a tensor; a second tensor sharing the buffer disowns it. */
  adopt(values: unknown): void {
    const buffer = bufferOf(values);
    if (buffer === undefined) return;
    if (this.issued.delete(buffer)) this.owned.add(buffer);
    else this.owned.delete(buffer);
  }

  /** Marks `values` as visible outside the backend: it is never recycled. */
  disown(values: unknown): void {
    const buffer = bufferOf(values);
    if (buffer !== undefined) {
      this.owned.delete(buffer);
      this.issued.delete(buffer);
    }
  }

  /**
   * Whether `values` is stored in exactly one tensor's data and was never exposed (the
   * condition for recycling it), so that, while that data has one reference, a kernel may
   * overwrite it in place.
   */
  isPrivate(values: unknown): boolean {
    const buffer = bufferOf(values);
    return buffer !== undefined && this.owned.has(buffer);
  }

  /** Called when the tensor data holding `values` is freed: keeps the array for reuse if it may. */
  release(values: unknown): void {
    const buffer = bufferOf(values);
    if (buffer === undefined || !this.owned.delete(buffer)) return;
    const array = values as HostArray;
    if (array.byteOffset !== 0 || array.byteLength !== buffer.byteLength || array.byteLength < MIN_POOLED_BYTES) return;
    if (this.pooledBytes + array.byteLength > MAX_POOLED_BYTES) return;
    const type = array.constructor as Constructor;
    let bySize = this.free.get(type);
    if (bySize === undefined) {
      bySize = new Map();
      this.free.set(type, bySize);
    }
    let list = bySize.get(array.length);
    if (list === undefined) {
      list = [];
      bySize.set(array.length, list);
    }
    if (list.length >= MAX_FREE_PER_SIZE) return;
    list.push(array);
    this.pooledBytes += array.byteLength;
  }

  /**
   * Takes `values` out of the free arrays for good (a step program keeps it as a buffer of its
   * own); false when it is not free here. A claimed array is never recycled.
   */
  claim(values: HostArray): boolean {
    const list = this.free.get(values.constructor as Constructor)?.get(values.length);
    const at = list?.indexOf(values) ?? -1;
    if (list === undefined || at < 0) return false;
    list.splice(at, 1);
    this.pooledBytes -= values.byteLength;
    return true;
  }

  /** Drops every free array (they are left to the garbage collector). */
  clear(): void {
    this.free.clear();
    this.pooledBytes = 0;
  }

  /** Bytes currently held for reuse. */
  get bytes(): number {
    return this.pooledBytes;
  }
}

function bufferOf(values: unknown): ArrayBufferLike | undefined {
  return ArrayBuffer.isView(values) ? values.buffer : undefined;
}

/** The pool every 'native' kernel allocates from. */
export const bufferPool = new BufferPool();
