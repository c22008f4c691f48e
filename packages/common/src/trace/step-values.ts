import * as tf from '@tensorflow/tfjs-core';

/**
 * Values a training step makes in JavaScript rather than with kernels, declared so that a compiled
 * step (see @keras-ts/core's `compile({ jitCompile })`) can make them again at every replay.
 *
 * A compiled step records the kernels of one eager step and replays them. A tensor the step makes
 * from a JavaScript number (a learning rate, Adam's bias correction, a dropout mask) would be
 * frozen at the value it had while recording, unless the code that makes it says how to make it
 * again: eagerly these helpers just make the value; while a step is being recorded they also tell
 * the recorder. Outside a recording they cost one function call.
 */

/** What a step recorder (the compiled-step tracer in @keras-ts/core) is told; not for users. */
export interface StepRecorder {
  /** A producer starts; tensors made until {@link StepRecorder.endFeed} belong to it. */
  beginFeed(): void;
  /** The producer made `tensor`; `again` makes the value of the next step. */
  endFeed(tensor: tf.Tensor, again: StepFeed): void;
  /** `effect` ran and must run again at every replay, in this order among the feeds. */
  effect(effect: () => void): void;
  /** The step depends on `read()` staying `value`; a replay re-records when it does not. */
  invariant(read: () => unknown, value: unknown): void;
  /** The step cannot be replayed; `reason` says why. */
  refuse(reason: string): void;
  /** Runs `check` on `tensor` now (its host reads allowed) and before every replay, on the batch input `tensor` is. */
  inputCheck(tensor: tf.Tensor, check: (tensor: tf.Tensor) => void): void;
}

/** How a fed value is made again: a number for a scalar, or a tensor (the replay disposes it). */
export type StepFeed = { kind: 'scalar'; value: () => number; dtype: 'float32' | 'int32' } | { kind: 'tensor'; make: () => tf.Tensor };

let recorder: StepRecorder | undefined;

/** Installs the recorder of the step being traced (undefined: none); returns the previous one. */
export function setStepRecorder(next: StepRecorder | undefined): StepRecorder | undefined {
  const previous = recorder;
  recorder = next;
  return previous;
}

/** Whether a step is being recorded now. */
export function isRecordingStep(): boolean {
  return recorder !== undefined;
}

/**
 * A scalar whose value is read from JavaScript state at every step: `value()` is called now, and
 * again at each replay of a compiled step (e.g. `stepScalar(() => this.currentLearningRate)`).
 */
export function stepScalar(value: () => number, dtype: 'float32' | 'int32' = 'float32'): tf.Scalar {
  const current = recorder;
  current?.beginFeed();
  const tensor = tf.scalar(value(), dtype);
  current?.endFeed(tensor, { kind: 'scalar', value, dtype });
  return tensor;
}

/**
 * A tensor made in JavaScript at every step (a dropout mask from the seeded stream): `make()` runs
 * now, and again at each replay of a compiled step. `make` must not depend on tensors of the step.
 */
export function stepTensor<T extends tf.Tensor>(make: () => T): T {
  const current = recorder;
  current?.beginFeed();
  const tensor = make();
  current?.endFeed(tensor, { kind: 'tensor', make });
  return tensor;
}

/** Runs `effect` (a JavaScript state change such as `iterations += 1`) now and at each replay. */
export function stepEffect(effect: () => void): void {
  effect();
  recorder?.effect(effect);
}

/**
 * Reads a value a step bakes into its kernels (a kernel attribute such as a fused update's
 * learning rate); a compiled step re-records itself when `read()` later returns something else.
 */
export function stepInvariant<T>(read: () => T): T {
  const value = read();
  recorder?.invariant(read, value);
  return value;
}

/**
 * Runs `check` on `tensor` (a check that reads values on the host, such as Embedding's index
 * range check). A compiled step runs it again before every replay, on that step's batch input,
 * so `tensor` must be one of the step's inputs (else the step stays eager); a check that throws
 * stops the step before anything changes.
 */
export function stepInputCheck(tensor: tf.Tensor, check: (tensor: tf.Tensor) => void): void {
  if (recorder === undefined) check(tensor);
  else recorder.inputCheck(tensor, check);
}

/** Marks the step being recorded, if any, as one that must stay eager, saying why. */
export function refuseCompiledStep(reason: string): void {
  recorder?.refuse(reason);
}
