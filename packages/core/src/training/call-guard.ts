import { ModelBusyError, ModelDisposedError } from './training-errors.js';

/** The model methods that run one at a time. */
export type ExclusiveMethod = 'fit' | 'evaluate' | 'trainOnBatch' | 'testOnBatch' | 'compile';

/** One running exclusive call, with where it is (for messages). */
export interface RunningCall {
  readonly method: ExclusiveMethod;
  /** Set by `dispose()` while the call runs; the call stops at its next check. */
  disposed: boolean;
  /** Where the call is, e.g. 'epoch 2, batch 5', for the disposal message. */
  position: string;
}

/**
 * One call at a time per model. `fit` and `evaluate` await between batches, so a second call
 * could start in between (a call not awaited, a callback) and interleave its batches, optimizer
 * updates and metric state with the first; the guard refuses it instead, naming the running call.
 * `dispose()` during a call marks it; the call checks after each await and stops.
 */
export class CallGuard {
  private running: RunningCall | undefined;

  constructor(private readonly modelName: () => string) {}

  /** The call running now, if any. */
  get current(): RunningCall | undefined {
    return this.running;
  }

  /** Starts `method`, or throws a {@link ModelBusyError} naming the call already running. */
  begin(method: ExclusiveMethod): RunningCall {
    const running = this.running;
    if (running !== undefined) {
      throw new ModelBusyError(
        `Model '${this.modelName()}' is running ${running.method}(); ${method}() cannot start until it finishes. ` +
          'Await the running call first: a model runs one fit, evaluate, trainOnBatch, testOnBatch or compile at a time ' +
          '(their batches would interleave and share optimizer and metric state). predict() may run meanwhile.',
      );
    }
    this.running = { method, disposed: false, position: 'before the first batch' };
    return this.running;
  }

  /** Ends `call` (a refused call never began, so it ends nothing). */
  end(call: RunningCall): void {
    if (this.running === call) this.running = undefined;
  }

  /** Marks the running call, if any, as disposed under it. */
  markDisposed(): void {
    if (this.running !== undefined) this.running.disposed = true;
  }

  /** Throws a {@link ModelDisposedError} when the model was disposed during `call`. */
  check(call: RunningCall): void {
    if (!call.disposed) return;
    throw new ModelDisposedError(
      `Model '${this.modelName()}' was disposed during ${call.method}(), which stopped at the next batch boundary (${call.position}). ` +
        `Await ${call.method}() before disposing the model.`,
    );
  }
}
