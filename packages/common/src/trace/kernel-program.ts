import type * as tf from '@tensorflow/tfjs-core';

/**
 * The contract between a compiled step's plan (@keras-ts/core) and a backend that can turn one
 * replay of that plan into a program of its own: a list of calls into its compute library over
 * buffers laid out once, run at every later replay without a TensorInfo, a data-map entry or a
 * JavaScript kernel wrapper per kernel. The plan numbers every value of the step; a recorder sees
 * one replay kernel by kernel and the program it returns runs the same kernels on new data.
 * Not for users: backends implement it, the plan drives it.
 */

/**
 * Kernels whose output may share an input's data (the same array or a view of it) without writing
 * it. A traced step whose variable ends up holding data such a kernel returned did not write the
 * variable; a program may skip the in-place checks for them.
 */
export const ALIASING_KERNELS: ReadonlySet<string> = new Set(['Identity', 'Reshape', 'Cast', 'ExpandDims', 'Squeeze', 'Slice', 'StridedSlice', 'Transpose']);

/** One kernel call of the plan, as the recorder sees it. */
export interface ProgramKernel {
  /** The registered kernel name. */
  readonly name: string;
  /** The plan's value numbers of the inputs, in the kernel's input order (`null`: an absent optional input). */
  readonly inputs: readonly (number | null)[];
  /** The plan's value numbers of the outputs. */
  readonly outputs: readonly number[];
  /** Runs the kernel the plan's way: TensorInfos in (in `inputs` order), TensorInfos out, each output holding one reference. */
  call(inputs: readonly (tf.TensorInfo | null)[]): tf.TensorInfo[];
}

/** Records one replay of a plan into a {@link KernelProgram}. */
export interface KernelProgramRecorder {
  /**
   * Declares a value the kernels read but do not make: `'dynamic'` values (batch inputs, variables,
   * values made in JavaScript) have new data at every run; `'constant'` ones keep theirs for the
   * plan's lifetime. Called for every such value before the first {@link KernelProgramRecorder.run}.
   */
  bind(value: number, info: tf.TensorInfo, kind: 'dynamic' | 'constant'): void;
  /** Runs `kernel` on `inputs` (as {@link ProgramKernel.call} does), watching what it does. */
  run(kernel: ProgramKernel, inputs: readonly (tf.TensorInfo | null)[]): tf.TensorInfo[];
  /** The plan released its reference to `value` (its data may be reused from now on). */
  released(value: number): void;
  /**
   * Ends the recording. `escaping` are the values the plan hands out after a run (results and
   * variable writes). Returns the program, or the reason none can be made.
   */
  finish(escaping: readonly number[]): KernelProgram | string;
}

/** What a program did at its last run, for reports and tests. */
export interface KernelProgramStats {
  /** Calls into the backend's compute library per run. */
  readonly calls: number;
  /** Kernels the program runs the plan's way (their work is done in JavaScript or by a cpu kernel), by name. */
  readonly slowKernels: readonly string[];
  /** Bytes of buffers the program owns for its intermediates. */
  readonly ownedBytes: number;
}

/** A recorded plan: runs every kernel of the step on new data. */
export interface KernelProgram {
  /**
   * Runs the step. `dataIdOf(value)` gives the data of each dynamic value bound while recording
   * (same shapes and dtypes). Returns one TensorInfo per escaping value, in `escaping` order, each
   * holding one reference the caller owns; or `undefined`, having changed nothing, when the
   * program cannot run on this data (the caller then replays the plan kernel by kernel).
   */
  run(dataIdOf: (value: number) => tf.DataId): tf.TensorInfo[] | undefined;
  /** What one run does. */
  readonly stats: KernelProgramStats;
  /** Frees what the program holds. */
  dispose(): void;
}

/** A backend that can record plans into programs. */
export interface KernelProgramBackend {
  /** A recorder for one replay of a plan on this backend. */
  createKernelProgramRecorder(): KernelProgramRecorder;
}

/** Whether `backend` can record plans into programs (it has `createKernelProgramRecorder`). */
export function isKernelProgramBackend(backend: tf.KernelBackend): backend is tf.KernelBackend & KernelProgramBackend {
  return 'createKernelProgramRecorder' in backend && typeof backend.createKernelProgramRecorder === 'function';
}
