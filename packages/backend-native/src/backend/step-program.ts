import type * as tf from '@tensorflow/tfjs-core';
import { ALIASING_KERNELS, type KernelProgram, type KernelProgramRecorder, type KernelProgramStats, type ProgramKernel } from '@keras-ts/common';
import { interceptNativeAddon, nativeAddon } from '../addon/load.js';
import type { HostArray, NativeAddon } from '../addon/native-addon.js';
import { nativeKernelConfigs } from '../kernels/all-kernels.js';
import { bufferPool } from './buffer-pool.js';
import { allocate, kernelWatch } from './host.js';
import { followFreeCores } from './threads.js';
import type { NativeBackend } from './native-backend.js';

// A compiled step's plan replays kernel by kernel: each kernel's JavaScript wrapper checks shapes,
// takes an output array, registers a TensorInfo and crosses into the addon, and that costs more
// than the arithmetic of a small model. A step program records one replay at the addon boundary
// instead: every addon call with its arguments, every array a kernel allocated, every output. Later
// runs make the same addon calls on arrays laid out once (intermediates in buffers the program
// owns, shared by values whose lifetimes do not overlap), patching in only the arrays that change
// from step to step: batch inputs, variables, values made in JavaScript, results handed out.

type ArrayType = Float32ArrayConstructor | Int32ArrayConstructor | Uint8ArrayConstructor;

/**
 * Kernels whose wrapper computes in JavaScript (or reads tensor values into call arguments): the
 * program runs them the plan's way, on TensorInfos.
 */
const computesInJavaScript = new Set(['FusedBatchNorm']);
/** Addon functions that only answer questions: passed through, never recorded. */
const queries = new Set(['getThreads', 'setThreads', 'blasConfig', 'blasCore', 'parallelJobs']);

let recordable: Set<string> | undefined;
/** The kernels a program replays as recorded addon calls: this backend's own, less those computing in JavaScript. */
function recordableKernels(): Set<string> {
  recordable ??= new Set(
    nativeKernelConfigs()
      .map((config) => config.kernelName)
      .filter((name) => !computesInJavaScript.has(name)),
  );
  return recordable;
}

function arrayTypeOf(values: unknown): ArrayType | undefined {
  if (values instanceof Float32Array) return Float32Array;
  if (values instanceof Int32Array) return Int32Array;
  if (values instanceof Uint8Array) return Uint8Array;
  return undefined;
}

function dtypeOf(type: ArrayType): 'float32' | 'int32' | 'bool' {
  return type === Float32Array ? 'float32' : type === Int32Array ? 'int32' : 'bool';
}

/** `length` elements of `type` at the start of `buffer`. */
function viewOf(type: ArrayType, buffer: ArrayBuffer, length: number): HostArray {
  if (type === Float32Array) return new Float32Array(buffer, 0, length);
  if (type === Int32Array) return new Int32Array(buffer, 0, length);
  return new Uint8Array(buffer, 0, length);
}

/** A part of a slot's array: where a call argument or a value lives. */
interface Region {
  slot: number;
  /** Bytes from the start of the slot's array. */
  byteOffset: number;
  length: number;
  type: ArrayType;
  /** The region is the slot's whole array (no view needed). */
  whole: boolean;
}

/**
 * An array the program reads or writes. `bound`: a value's data given at each run (input,
 * variable, feed); `constant`: the plan's data, the same at every run; `local`: an array a kernel
 * allocated (an output or scratch), owned by the program unless a value living in it is handed out
 * (then allocated at each run); `slow`: the output of a kernel run the plan's way.
 */
interface Slot {
  kind: 'bound' | 'constant' | 'local' | 'slow';
  /** bound and slow: the value whose data the slot is. */
  value: number;
  /** The array while recording. */
  array: HostArray;
  type: ArrayType;
  /** Steps that use it, first and last. */
  first: number;
  last: number;
  /** local: a value living in it is handed out, so each run allocates it. */
  escapes: boolean;
  /** bound: a kernel overwrote it in place, so each run needs it overwritable. */
  writtenInPlace: boolean;
  /** constant: its data. */
  dataId?: tf.DataId;
}

/** A slot as the program keeps it: the recorded array is not kept (only its type and length). */
type ProgramSlot = Omit<Slot, 'array' | 'first' | 'last'> & { length: number };

interface Home {
  region: Region;
  shape: number[];
  dtype: tf.DataType;
}

interface Reference {
  /** The argument's position, and its element's when the argument is a list of arrays. */
  index: number;
  element: number;
  region: Region;
}

interface CallStep {
  kind: 'call';
  name: string;
  fn: (...args: unknown[]) => unknown;
  args: unknown[];
  /** Arguments that change from run to run. */
  references: Reference[];
  /** Slots to fill with zeros first (a kernel allocated them zeroed). */
  zero: number[];
  /** slow values released after this step. */
  release: number[];
}

interface KernelStep {
  kind: 'kernel';
  kernel: ProgramKernel;
  zero: number[];
  release: number[];
}

interface NopStep {
  kind: 'nop';
  zero: number[];
  release: number[];
}

type Step = CallStep | KernelStep | NopStep;

type Entry = { kind: 'call'; name: string; args: unknown[] } | { kind: 'zero'; array: HostArray };

function argumentsCopy(args: unknown[]): unknown[] {
  return args.map((arg) => (Array.isArray(arg) ? [...arg] : arg));
}

/** Records one replay of a plan on 'native' into a {@link NativeStepProgram}. */
export class NativeProgramRecorder implements KernelProgramRecorder {
  private readonly slots: Slot[] = [];
  private readonly homes = new Map<number, Home>();
  /** The slot of each array that live values use, by buffer. */
  private readonly live = new Map<ArrayBufferLike, number>();
  /** How many live values use each slot. */
  private readonly users = new Map<number, number>();
  private readonly steps: Step[] = [];
  private readonly entries: Entry[] = [];
  private readonly addon: NativeAddon;
  private readonly wrapper: NativeAddon;
  private refusal: string | undefined;

  constructor(private readonly backend: NativeBackend) {
    this.addon = nativeAddon();
    const wrapper: Record<string, unknown> = {};
    for (const [name, member] of Object.entries(this.addon)) {
      wrapper[name] =
        typeof member === 'function' && !queries.has(name)
          ? (...args: unknown[]) => {
              this.entries.push({ kind: 'call', name, args: argumentsCopy(args) });
              return member(...args);
            }
          : member;
    }
    // The wrapper has every member of the addon: the same functions, recording their calls.
    this.wrapper = wrapper as unknown as NativeAddon;
  }

  private refuse(reason: string): void {
    this.refusal ??= reason;
  }

  /** A new slot, first used at step `at` (by default the next step). */
  private newSlot(kind: Slot['kind'], value: number, array: HostArray, at = this.steps.length): number {
    const type = arrayTypeOf(array)!;
    this.slots.push({ kind, value, array, type, first: at, last: at, escapes: false, writtenInPlace: false });
    return this.slots.length - 1;
  }

  private use(slot: number, step: number): void {
    const entry = this.slots[slot]!;
    entry.first = Math.min(entry.first, step);
    entry.last = Math.max(entry.last, step);
  }

  /** The region of `array` within `slot`, or undefined when it lies outside it. */
  private regionIn(slot: number, array: HostArray): Region | undefined {
    const base = this.slots[slot]!.array;
    const type = arrayTypeOf(array);
    const byteOffset = array.byteOffset - base.byteOffset;
    if (type === undefined || array.buffer !== base.buffer || byteOffset < 0 || byteOffset + array.byteLength > base.byteLength) return undefined;
    return { slot, byteOffset, length: array.length, type, whole: byteOffset === 0 && array.length === base.length && type === this.slots[slot]!.type };
  }

  private home(value: number, region: Region, shape: number[], dtype: tf.DataType): void {
    this.homes.set(value, { region, shape, dtype });
    this.users.set(region.slot, (this.users.get(region.slot) ?? 0) + 1);
    const buffer = this.slots[region.slot]!.array.buffer;
    if (!this.live.has(buffer)) this.live.set(buffer, region.slot);
  }

  bind(value: number, info: tf.TensorInfo, kind: 'dynamic' | 'constant'): void {
    if (this.refusal !== undefined) return;
    const array = this.backend.values(info);
    if (arrayTypeOf(array) === undefined) {
      this.refuse(`a value the step reads is ${info.dtype}, which the addon does not handle`);
      return;
    }
    const shared = this.live.get(array.buffer);
    if (shared !== undefined) {
      const region = this.regionIn(shared, array);
      if (kind === 'constant' && this.slots[shared]!.kind === 'constant' && region !== undefined) this.home(value, region, info.shape, info.dtype);
      else this.refuse('two values the step reads share one buffer');
      return;
    }
    const slot = this.newSlot(kind === 'dynamic' ? 'bound' : 'constant', value, array);
    if (kind === 'constant') this.slots[slot]!.dataId = info.dataId;
    this.home(value, this.regionIn(slot, array)!, info.shape, info.dtype);
  }

  run(kernel: ProgramKernel, inputs: readonly (tf.TensorInfo | null)[]): tf.TensorInfo[] {
    if (this.refusal !== undefined) return kernel.call(inputs);
    const allocated = new Map<ArrayBufferLike, HostArray>();
    let fellBack = false;
    this.entries.length = 0;
    kernelWatch.allocated = (values, zeroed) => {
      allocated.set(values.buffer, values);
      if (zeroed) this.entries.push({ kind: 'zero', array: values });
    };
    kernelWatch.fellBack = () => {
      fellBack = true;
    };
    interceptNativeAddon(this.wrapper);
    let outputs: tf.TensorInfo[];
    try {
      outputs = kernel.call(inputs);
    } finally {
      interceptNativeAddon(undefined);
      kernelWatch.allocated = undefined;
      kernelWatch.fellBack = undefined;
    }
    if (fellBack || !recordableKernels().has(kernel.name)) this.recordKernel(kernel, outputs);
    else this.recordCalls(kernel, allocated, outputs);
    return outputs;
  }

  /** A kernel the program runs the plan's way. */
  private recordKernel(kernel: ProgramKernel, outputs: tf.TensorInfo[]): void {
    const at = this.steps.length;
    this.steps.push({ kind: 'kernel', kernel, zero: [], release: [] });
    for (const value of kernel.inputs) {
      if (value === null) continue;
      const home = this.homes.get(value);
      if (home === undefined) {
        this.refuse(`kernel ${kernel.name} reads a value the recorder did not see made`);
        return;
      }
      this.use(home.region.slot, at);
    }
    outputs.forEach((info, i) => {
      const array = this.backend.values(info);
      if (arrayTypeOf(array) === undefined) return this.refuse(`kernel ${kernel.name} made a ${info.dtype} tensor, which the addon does not handle`);
      const slot = this.newSlot('slow', kernel.outputs[i]!, array, at);
      this.home(kernel.outputs[i]!, this.regionIn(slot, array)!, info.shape, info.dtype);
    });
  }

  /** A kernel the program replays as the addon calls it made. */
  private recordCalls(kernel: ProgramKernel, allocated: Map<ArrayBufferLike, HostArray>, outputs: tf.TensorInfo[]): void {
    const locals = new Map<ArrayBufferLike, number>();
    const regionOf = (array: unknown): Region | undefined => {
      if (arrayTypeOf(array) === undefined) return undefined;
      const values = array as HostArray;
      const own = allocated.get(values.buffer);
      let slot: number | undefined;
      if (own !== undefined) {
        slot = locals.get(values.buffer);
        if (slot === undefined) {
          slot = this.newSlot('local', -1, own);
          locals.set(values.buffer, slot);
        }
      } else slot = this.live.get(values.buffer);
      return slot === undefined ? undefined : this.regionIn(slot, values);
    };
    const stepsBefore = this.steps.length;
    let zero: number[] = [];
    for (const entry of this.entries) {
      if (entry.kind === 'zero') {
        const region = regionOf(entry.array);
        if (region !== undefined) zero.push(region.slot);
        continue;
      }
      const at = this.steps.length;
      const references: Reference[] = [];
      const args = entry.args.map((arg, index) => {
        if (ArrayBuffer.isView(arg)) {
          const region = regionOf(arg);
          if (region === undefined) this.refuse(`kernel ${kernel.name} passed the addon an array the recorder did not see made`);
          else references.push({ index, element: -1, region });
          return arg;
        }
        if (Array.isArray(arg)) {
          arg.forEach((element: unknown, position) => {
            if (!ArrayBuffer.isView(element)) return;
            const region = regionOf(element);
            if (region === undefined) this.refuse(`kernel ${kernel.name} passed the addon an array the recorder did not see made`);
            else references.push({ index, element: position, region });
          });
          return arg;
        }
        if (arg !== null && typeof arg === 'object') this.refuse(`kernel ${kernel.name} passed the addon an object`);
        return arg;
      });
      const fn = (this.addon as unknown as Record<string, unknown>)[entry.name];
      if (typeof fn !== 'function') {
        this.refuse(`the addon has no function ${entry.name}`);
        continue;
      }
      for (const reference of references) this.use(reference.region.slot, at);
      for (const slot of zero) this.use(slot, at);
      this.steps.push({ kind: 'call', name: entry.name, fn: fn as CallStep['fn'], args, references, zero, release: [] });
      zero = [];
    }
    // Every kernel has a step (a kernel that only aliases its input, or only takes zeros, makes no call).
    if (zero.length > 0 || this.steps.length === stepsBefore) {
      for (const slot of zero) this.use(slot, this.steps.length);
      this.steps.push({ kind: 'nop', zero, release: [] });
    }
    const at = this.steps.length - 1;
    outputs.forEach((info, i) => {
      const region = regionOf(this.backend.values(info));
      if (region === undefined) return this.refuse(`kernel ${kernel.name} returned data the recorder did not see it make`);
      const slot = this.slots[region.slot]!;
      if (slot.kind === 'bound' && !ALIASING_KERNELS.has(kernel.name)) slot.writtenInPlace = true;
      if (slot.kind === 'constant' && !ALIASING_KERNELS.has(kernel.name)) return this.refuse(`kernel ${kernel.name} wrote a constant in place`);
      this.use(region.slot, at);
      this.home(kernel.outputs[i]!, region, info.shape, info.dtype);
    });
  }

  released(value: number): void {
    const home = this.homes.get(value);
    if (home === undefined) return;
    const slot = home.region.slot;
    const users = (this.users.get(slot) ?? 1) - 1;
    if (users > 0) {
      this.users.set(slot, users);
      return;
    }
    this.users.delete(slot);
    const buffer = this.slots[slot]!.array.buffer;
    if (this.live.get(buffer) === slot) this.live.delete(buffer);
  }

  finish(escaping: readonly number[]): KernelProgram | string {
    if (this.refusal !== undefined) return this.refusal;
    const homes: Home[] = [];
    for (const value of escaping) {
      const home = this.homes.get(value);
      if (home === undefined) return 'a value the step hands out was not made by its kernels';
      homes.push(home);
      const slot = this.slots[home.region.slot]!;
      if (slot.kind === 'local') slot.escapes = true;
    }
    // slow outputs are released after their last use, unless handed out.
    const escapingValues = new Set(escaping);
    for (const slot of this.slots) if (slot.kind === 'slow' && !escapingValues.has(slot.value)) this.steps[slot.last]!.release.push(slot.value);
    const program = new NativeStepProgram(this.backend, this.addon, this.slots, this.homes, this.steps, escaping, homes);
    // The recorded replay's intermediates went back to the buffer pool; the program took those it
    // could as its own buffers, and the rest would only hold memory: let them go.
    bufferPool.clear();
    return program;
  }
}

/** A recorded plan on 'native' (see {@link NativeProgramRecorder}). */
export class NativeStepProgram implements KernelProgram {
  readonly stats: KernelProgramStats;
  private readonly slots: readonly ProgramSlot[];
  /** The array each slot has during a run (fixed for constant and owned local slots). */
  private readonly current: (HostArray | undefined)[];
  private readonly bound: number[] = [];
  private readonly fresh: number[] = [];
  /** Data the program keeps for values of its own buffers that kernels run the plan's way read. */
  private readonly ownIds = new Map<number, tf.DataId>();
  private readonly ownData = new Set<tf.DataId>();
  private readonly boundIds: (tf.DataId | undefined)[];
  private disposed = false;

  constructor(
    private readonly backend: NativeBackend,
    private readonly addon: NativeAddon,
    recorded: readonly Slot[],
    private readonly homes: ReadonlyMap<number, Home>,
    private readonly steps: readonly Step[],
    private readonly escaping: readonly number[],
    private readonly escapingHomes: readonly Home[],
  ) {
    const slots = recorded;
    this.current = new Array(slots.length).fill(undefined);
    this.boundIds = new Array(slots.length).fill(undefined);
    // Owned buffers: each local slot that is not handed out gets a view of a buffer, shared with
    // earlier slots whose last use comes before its first (the smallest free buffer that fits).
    const free: { buffer: ArrayBuffer; until: number }[] = [];
    let ownedBytes = 0;
    // The recording's own intermediates, free in the buffer pool by now, become the program's
    // buffers where their sizes fit, so recording does not hold both at once.
    const recordedArrays = slots.flatMap((slot) =>
      slot.kind === 'local' && !slot.escapes && slot.array.byteOffset === 0 && slot.array.byteLength === slot.array.buffer.byteLength ? [slot.array] : [],
    );
    const newBuffer = (bytes: number): ArrayBuffer => {
      const at = recordedArrays.findIndex((array) => array.byteLength === bytes && bufferPool.claim(array));
      if (at < 0) return new ArrayBuffer(bytes);
      const [array] = recordedArrays.splice(at, 1);
      return array!.buffer as ArrayBuffer;
    };
    const order = slots.map((_, i) => i).sort((a, b) => slots[a]!.first - slots[b]!.first);
    for (const s of order) {
      const slot = slots[s]!;
      if (slot.kind === 'bound') this.bound.push(s);
      else if (slot.kind === 'constant') this.current[s] = slot.array;
      else if (slot.kind === 'local' && slot.escapes) this.fresh.push(s);
      else if (slot.kind === 'local') {
        // The smallest free buffer large enough (any element type: each slot views it from byte 0).
        const bytes = slot.array.byteLength;
        let reusable: { buffer: ArrayBuffer; until: number } | undefined;
        for (const entry of free) {
          if (entry.until < slot.first && entry.buffer.byteLength >= bytes && (reusable === undefined || entry.buffer.byteLength < reusable.buffer.byteLength))
            reusable = entry;
        }
        if (reusable === undefined) {
          reusable = { buffer: newBuffer(bytes), until: slot.last };
          ownedBytes += bytes;
          free.push(reusable);
        }
        reusable.until = slot.last;
        this.current[s] = viewOf(slot.type, reusable.buffer, slot.array.length);
      }
    }
    // Arguments in constant and owned buffers are set once; only the others are patched per run.
    for (const step of steps) {
      if (step.kind !== 'call') continue;
      step.references = step.references.filter((reference) => {
        const array = this.current[reference.region.slot];
        if (array === undefined) return true;
        this.patch(step, reference, array);
        return false;
      });
    }
    // Values in owned buffers that kernels run the plan's way read get data of their own.
    for (const step of steps) {
      if (step.kind !== 'kernel') continue;
      for (const value of step.kernel.inputs) {
        if (value === null || this.ownIds.has(value)) continue;
        const home = homes.get(value)!;
        const slot = slots[home.region.slot]!;
        if (slot.kind === 'local' && !slot.escapes) {
          const dataId = backend.write(this.view(this.current[home.region.slot]!, home.region), home.shape, home.dtype);
          this.ownIds.set(value, dataId);
          this.ownData.add(dataId);
        }
      }
    }
    // The recorded arrays (the recording step's intermediates, inputs and outputs) are not kept.
    this.slots = slots.map(({ kind, value, type, array, escapes, writtenInPlace, dataId }) => ({
      kind,
      value,
      type,
      length: array.length,
      escapes,
      writtenInPlace,
      dataId,
    }));
    this.stats = {
      calls: steps.filter((step) => step.kind === 'call').length,
      slowKernels: steps.flatMap((step) => (step.kind === 'kernel' ? [step.kernel.name] : [])),
      ownedBytes,
    };
  }

  private view(array: HostArray, region: Region): HostArray {
    if (region.whole) return array;
    const byteOffset = array.byteOffset + region.byteOffset;
    if (region.type === Float32Array) return new Float32Array(array.buffer, byteOffset, region.length);
    if (region.type === Int32Array) return new Int32Array(array.buffer, byteOffset, region.length);
    return new Uint8Array(array.buffer, byteOffset, region.length);
  }

  private patch(step: CallStep, reference: Reference, array: HostArray): void {
    const values = this.view(array, reference.region);
    if (reference.element < 0) step.args[reference.index] = values;
    else (step.args[reference.index] as unknown[])[reference.element] = values;
  }

  run(dataIdOf: (value: number) => tf.DataId): tf.TensorInfo[] | undefined {
    if (this.disposed) return undefined;
    followFreeCores();
    const backend = this.backend;
    const slots = this.slots;
    const current = this.current;
    const buffers = new Set<unknown>();
    for (const s of this.bound) {
      const slot = slots[s]!;
      const dataId = dataIdOf(slot.value);
      const info = { dataId, shape: [], dtype: dtypeOf(slot.type) };
      const array = backend.values(info);
      // The layout holds while every bound array has the recorded type and size and its own buffer,
      // and arrays written in place are still private to the variable being replaced.
      if (array.constructor !== slot.type || array.length !== slot.length || buffers.has(array.buffer)) return undefined;
      if (slot.writtenInPlace && !backend.overwritable(info)) return undefined;
      buffers.add(array.buffer);
      current[s] = array;
      this.boundIds[s] = dataId;
    }
    for (const s of this.fresh) current[s] = allocate(dtypeOf(slots[s]!.type), slots[s]!.length, false);
    /** Data made during this run: outputs of kernels run the plan's way, and views written for them. */
    const made = new Map<number, tf.DataId>();
    const infoOf = (value: number): tf.TensorInfo => {
      const home = this.homes.get(value)!;
      const slot = slots[home.region.slot]!;
      const own = this.ownIds.get(value) ?? made.get(value);
      if (own !== undefined) return { dataId: own, shape: home.shape, dtype: home.dtype };
      if (home.region.whole && slot.kind === 'bound') return { dataId: this.boundIds[home.region.slot]!, shape: home.shape, dtype: home.dtype };
      if (home.region.whole && slot.kind === 'constant') return { dataId: slot.dataId!, shape: home.shape, dtype: home.dtype };
      const dataId = backend.write(this.view(current[home.region.slot]!, home.region), home.shape, home.dtype);
      made.set(value, dataId);
      return { dataId, shape: home.shape, dtype: home.dtype };
    };
    try {
      for (const step of this.steps) {
        for (const s of step.zero) current[s]!.fill(0);
        if (step.kind === 'call') {
          for (const reference of step.references) this.patch(step, reference, current[reference.region.slot]!);
          step.fn.apply(this.addon, step.args);
        } else if (step.kind === 'kernel') {
          const outputs = step.kernel.call(step.kernel.inputs.map((value) => (value === null ? null : infoOf(value))));
          outputs.forEach((info, i) => {
            const value = step.kernel.outputs[i]!;
            made.set(value, info.dataId);
            current[this.homes.get(value)!.region.slot] = backend.values(info);
          });
        }
        for (const value of step.release) {
          backend.disposeData(made.get(value)!);
          made.delete(value);
        }
      }
    } catch (error) {
      for (const dataId of made.values()) backend.disposeData(dataId);
      throw error;
    }
    const handedOut = this.escaping.map((value, i) => {
      const home = this.escapingHomes[i]!;
      const info = infoOf(value);
      if (made.has(value)) {
        made.delete(value);
        // A kernel run the plan's way may return its input's data: never hand out an owned buffer.
        if (this.ownData.has(info.dataId)) {
          const copy = backend.write(this.backend.values(info).slice(), home.shape, home.dtype);
          backend.disposeData(info.dataId);
          return { dataId: copy, shape: home.shape, dtype: home.dtype };
        }
        return info;
      }
      backend.incRef(info.dataId);
      return info;
    });
    for (const dataId of made.values()) backend.disposeData(dataId);
    for (const s of this.bound) current[s] = undefined;
    for (const s of this.fresh) current[s] = undefined;
    return handedOut;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const dataId of this.ownIds.values()) this.backend.disposeData(dataId);
    this.ownIds.clear();
    this.ownData.clear();
  }
}
