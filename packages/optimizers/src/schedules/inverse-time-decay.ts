import { type StepDecayConfig, StepDecaySchedule } from './step-decay.js';

/** Options for {@link InverseTimeDecay}. */
export type InverseTimeDecayConfig = StepDecayConfig;

/**
 * `initialLearningRate / (1 + decayRate * step / decaySteps)`, with
 * `step / decaySteps` floored when `staircase` is true.
 */
export class InverseTimeDecay extends StepDecaySchedule {
  static override readonly className: string = 'InverseTimeDecay';

  protected decay(progress: number): number {
    return this.initialLearningRate / (1 + this.decayRate * progress);
  }
}
