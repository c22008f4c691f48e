import { ValueError } from '../errors/errors.js';
import { Callback, type Logs } from './callback.js';

/** Options for {@link LearningRateScheduler}. */
export interface LearningRateSchedulerOptions {
  /** 1 prints the rate set at each epoch. Default: 0. */
  verbose?: number;
  /** Where messages go. Default: console.log. */
  printFn?: (line: string) => void;
}

/** What a callback that changes the learning rate needs from the model. */
export interface ModelWithOptimizer {
  optimizer?: { learningRate: number };
}

/** The optimizer of the callback's model, or an error naming the callback and the fix. */
export function requireOptimizer(owner: string, model: ModelWithOptimizer | undefined): { learningRate: number } {
  const optimizer = model?.optimizer;
  if (optimizer === undefined || optimizer === null) {
    throw new ValueError(`${owner} needs a compiled model with an optimizer; call model.compile({ optimizer, loss }) before fit().`);
  }
  return optimizer;
}

/**
 * Sets the optimizer's learning rate at the start of every epoch to `schedule(epoch, currentRate)`
 * (epoch counts from 0), and records the rate as `learning_rate` in the epoch logs so that
 * `history.history.learning_rate` lists it.
 */
export class LearningRateScheduler extends Callback {
  private readonly verbose: number;
  private readonly printFn: (line: string) => void;

  constructor(
    /** Returns the learning rate for `epoch` given the current one. */
    readonly schedule: (epoch: number, learningRate: number) => number,
    options: LearningRateSchedulerOptions = {},
  ) {
    super();
    if (typeof schedule !== 'function') {
      throw new ValueError(`LearningRateScheduler: \`schedule\` must be a function (epoch, learningRate) => number, got ${typeof schedule}.`);
    }
    this.verbose = options.verbose ?? 0;
    this.printFn = options.printFn ?? ((line) => console.log(line));
  }

  override onEpochBegin(epoch: number): void {
    const optimizer = requireOptimizer('LearningRateScheduler', this.model);
    const rate = this.schedule(epoch, optimizer.learningRate);
    if (typeof rate !== 'number' || !Number.isFinite(rate)) {
      throw new ValueError(`LearningRateScheduler: the output of the \`schedule\` function should be a finite number. Got: ${String(rate)} at epoch ${epoch}.`);
    }
    optimizer.learningRate = rate;
    if (this.verbose > 0) this.printFn(`\nEpoch ${epoch + 1}: LearningRateScheduler setting learning rate to ${rate}.`);
  }

  override onEpochEnd(_epoch: number, logs?: Logs): void {
    if (logs !== undefined) logs.learning_rate = requireOptimizer('LearningRateScheduler', this.model).learningRate;
  }
}
