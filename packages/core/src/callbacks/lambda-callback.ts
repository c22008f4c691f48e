import { ValueError } from '../errors/errors.js';
import { Callback, type Logs } from './callback.js';

type EpochHook = (epoch: number, logs?: Logs) => void | Promise<void>;
type BatchHook = (batch: number, logs?: Logs) => void | Promise<void>;
type RunHook = (logs?: Logs) => void | Promise<void>;

/** The hooks of a {@link LambdaCallback}; each is optional and may return a Promise, except predict's (predict cannot wait). */
export interface LambdaCallbackHooks {
  onTrainBegin?: RunHook;
  onTrainEnd?: RunHook;
  onEpochBegin?: EpochHook;
  onEpochEnd?: EpochHook;
  onTrainBatchBegin?: BatchHook;
  onTrainBatchEnd?: BatchHook;
  onTestBegin?: RunHook;
  onTestEnd?: RunHook;
  onTestBatchBegin?: BatchHook;
  onTestBatchEnd?: BatchHook;
  onPredictBegin?: RunHook;
  onPredictEnd?: RunHook;
  onPredictBatchBegin?: BatchHook;
  onPredictBatchEnd?: BatchHook;
}

const HOOK_NAMES = [
  'onTrainBegin',
  'onTrainEnd',
  'onEpochBegin',
  'onEpochEnd',
  'onTrainBatchBegin',
  'onTrainBatchEnd',
  'onTestBegin',
  'onTestEnd',
  'onTestBatchBegin',
  'onTestBatchEnd',
  'onPredictBegin',
  'onPredictEnd',
  'onPredictBatchBegin',
  'onPredictBatchEnd',
] as const;

/**
 * A callback made of plain functions: `new LambdaCallback({ onEpochEnd: (epoch, logs) => … })`.
 * Only the hooks given run; batch logs are read only when a batch-end hook is given.
 */
export class LambdaCallback extends Callback {
  constructor(hooks: LambdaCallbackHooks = {}) {
    super();
    for (const [key, value] of Object.entries(hooks)) {
      if (!(HOOK_NAMES as readonly string[]).includes(key)) {
        throw new ValueError(`LambdaCallback: unknown hook '${key}'. Valid hooks: ${HOOK_NAMES.join(', ')}.`);
      }
      if (typeof value !== 'function') throw new ValueError(`LambdaCallback: hook '${key}' must be a function, got ${typeof value}.`);
    }
    for (const name of HOOK_NAMES) {
      const hook = hooks[name];
      // An own property shadows the base's no-op, which is also how wantsBatchLogs sees it is used.
      if (hook !== undefined) Object.defineProperty(this, name, { value: hook, writable: true, configurable: true });
    }
  }
}
