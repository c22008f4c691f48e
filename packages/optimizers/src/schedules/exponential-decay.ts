import { type StepDecayConfig, StepDecaySchedule } from './step-decay.js';

/** Options for {@link ExponentialDecay}: `decayRate` multiplies the rate every `decaySteps` steps. */
export type ExponentialDecayConfig = StepDecayConfig;

/**
 * `initialLearningRate * decayRate ^ (step / decaySteps)`, with the exponent
 * floored when `staircase` is true.
 */
export class ExponentialDecay extends StepDecaySchedule {
  static override readonly className: string = 'ExponentialDecay';

  protected decay(progress: number): number {
    return this.initialLearningRate * this.decayRate ** progress;
  }
}
