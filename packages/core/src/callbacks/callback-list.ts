import { ValueError } from '../errors/errors.js';
import { Callback, type CallbackParams, type Logs } from './callback.js';
import type { CallbackModel } from './callback-model.js';
import { getDistribution } from '../training/distribution.js';

/** The name of a callback hook (`'onEpochEnd'`, …). */
export type CallbackHook = Exclude<keyof Callback, 'model' | 'hasModel' | 'params' | 'setModel' | 'setParams' | 'wantsBatchLogs' | 'chiefOnly'>;
type PredictHook = 'onPredictBegin' | 'onPredictEnd' | 'onPredictBatchBegin' | 'onPredictBatchEnd';

/** Dispatches each hook to every callback in order, awaiting asynchronous ones. */
export class CallbackList {
  /** The callbacks this process runs: all, except {@link Callback.chiefOnly} ones on ranks other than 0 of a distribution. */
  private readonly running: Callback[];

  constructor(readonly callbacks: Callback[]) {
    for (const callback of callbacks) {
      if (!(callback instanceof Callback) && typeof (callback as Partial<Callback>).onEpochEnd !== 'function') {
        throw new ValueError('Each entry of `callbacks` must be a Callback (extend Callback from @keras-ts/core).');
      }
    }
    const rank = getDistribution()?.rank ?? 0;
    this.running = rank === 0 ? callbacks : callbacks.filter((callback) => callback.chiefOnly !== true);
  }

  /** Attaches the model and run parameters to every callback. */
  configure(model: CallbackModel, params: CallbackParams): void {
    for (const callback of this.running) {
      callback.setModel(model);
      callback.setParams(params);
    }
  }

  /** Whether any callback needs batch logs for this batch. */
  wantsBatchLogs(batch: number, mode: 'train' | 'test' | 'predict'): boolean {
    return this.running.some((callback) => (callback.wantsBatchLogs ? callback.wantsBatchLogs(batch, mode) : true));
  }

  /** Calls `hook` on every callback in order, awaiting each; a hook's error rejects the call. */
  async call(hook: CallbackHook, ...args: [number, Logs?] | [Logs?]): Promise<void> {
    for (const callback of this.running) {
      const fn = callback[hook] as ((...a: unknown[]) => void | Promise<void>) | undefined;
      if (typeof fn === 'function') await fn.apply(callback, args);
    }
  }

  /**
   * Calls a predict hook on every callback synchronously (predict returns tensors, so it cannot
   * wait): a hook's throw propagates; a hook that returns a Promise is refused with a ValueError
   * (its outcome is dropped rather than left as an unhandled rejection).
   */
  callSync(hook: PredictHook, ...args: [number, Logs?] | [Logs?]): void {
    for (const callback of this.running) {
      const fn = callback[hook] as ((...a: unknown[]) => unknown) | undefined;
      if (typeof fn !== 'function') continue;
      const result = fn.apply(callback, args);
      if (isThenable(result)) {
        result.then(undefined, () => undefined);
        throw new ValueError(
          `${callback.constructor.name}.${hook} returned a Promise, but predict() is synchronous (it returns tensors, as Keras's predict does) and cannot wait for it. Make the predict hooks synchronous.`,
        );
      }
    }
  }
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof value === 'object' && value !== null && 'then' in value && typeof value.then === 'function';
}
