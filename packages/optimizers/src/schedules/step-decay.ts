import { rejectUnknownKeys, requireBoolean, requireNumber, requirePositive } from '@keras-ts/common';
import { LearningRateSchedule } from './base.js';

/** Options shared by {@link ExponentialDecay} and {@link InverseTimeDecay}. */
export interface StepDecayConfig {
  /** Learning rate at step 0. */
  initialLearningRate: number;
  /** Steps per unit of decay (`step / decaySteps`). Must be > 0. */
  decaySteps: number;
  /** How strongly the rate decays per unit. */
  decayRate: number;
  /** Decay at discrete intervals (`floor(step / decaySteps)`). Default: false. */
  staircase?: boolean;
  /** Name, kept for Keras compatibility. Default: the class name. */
  name?: string;
}

const keys = ['initialLearningRate', 'decaySteps', 'decayRate', 'staircase', 'name'];

/** Base of the schedules that are a function of `step / decaySteps` (floored with `staircase`). */
export abstract class StepDecaySchedule extends LearningRateSchedule {
  readonly initialLearningRate: number;
  readonly decaySteps: number;
  readonly decayRate: number;
  readonly staircase: boolean;
  readonly name: string;

  constructor(config: StepDecayConfig) {
    super();
    const owner = (this.constructor as typeof LearningRateSchedule).className;
    rejectUnknownKeys(owner, config, keys);
    this.initialLearningRate = requireNumber(owner, 'initialLearningRate', config.initialLearningRate);
    this.decaySteps = requirePositive(owner, 'decaySteps', config.decaySteps);
    this.decayRate = requireNumber(owner, 'decayRate', config.decayRate);
    this.staircase = requireBoolean(owner, 'staircase', config.staircase ?? false);
    this.name = config.name ?? owner;
  }

  /** The rate after `progress` units of decay. */
  protected abstract decay(progress: number): number;

  call(step: number): number {
    const progress = step / this.decaySteps;
    return this.decay(this.staircase ? Math.floor(progress) : progress);
  }

  getConfig(): Record<string, unknown> {
    return {
      initialLearningRate: this.initialLearningRate,
      decaySteps: this.decaySteps,
      decayRate: this.decayRate,
      staircase: this.staircase,
      name: this.name,
    };
  }
}
