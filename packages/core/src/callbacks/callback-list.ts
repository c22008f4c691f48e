import { ValueError } from '../errors/errors.js';
import { Callback, type CallbackParams, type Logs } from './callback.js';

type Hook = Exclude<keyof Callback, 'model' | 'params' | 'setModel' | 'setParams' | 'wantsBatchLogs'>;

/** Dispatches each hook to every callback in order, awaiting asynchronous ones. */
export class CallbackList {
  constructor(readonly callbacks: Callback[]) {
    for (const callback of callbacks) {
      if (!(callback instanceof Callback) && typeof (callback as Partial<Callback>).onEpochEnd !== 'function') {
        throw new ValueError('Each entry of `callbacks` must be a Callback (extend Callback from @keras-ts/core).');
      }
    }
  }

  /** Attaches the model and run parameters to every callback. */
  configure(model: unknown, params: CallbackParams): void {
    for (const callback of this.callbacks) {
      callback.setModel(model);
      callback.setParams(params);
    }
  }

  /** Whether any callback needs batch logs for this batch. */
  wantsBatchLogs(batch: number, mode: 'train' | 'test' | 'predict'): boolean {
    return this.callbacks.some((callback) => (callback.wantsBatchLogs ? callback.wantsBatchLogs(batch, mode) : true));
  }

  /** Calls `hook` on every callback. */
  async call(hook: Hook, ...args: [number, Logs?] | [Logs?]): Promise<void> {
    for (const callback of this.callbacks) {
      const fn = callback[hook] as ((...a: unknown[]) => void | Promise<void>) | undefined;
      if (typeof fn === 'function') await fn.apply(callback, args);
    }
  }
}
