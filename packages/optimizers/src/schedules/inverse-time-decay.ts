import { rejectUnknownKeys, requireBoolean, requireNumber, requirePositive } from '../config/validate.js';
import { LearningRateSchedule } from './base.js';

/** Options for {@link InverseTimeDecay}. */
export interface InverseTimeDecayConfig {
  /** Learning rate at step 0. */
  initialLearningRate: number;
  /** Number of steps per unit of decay. Must be > 0. */
  decaySteps: number;
  /** Rate of decay. */
  decayRate: number;
  /** Decay at discrete intervals (`floor(step / decaySteps)`). Default: false. */
  staircase?: boolean;
  /** Name, kept for Keras compatibility. Default: `'InverseTimeDecay'`. */
  name?: string;
}

const keys = ['initialLearningRate', 'decaySteps', 'decayRate', 'staircase', 'name'];

/**
 * `initialLearningRate / (1 + decayRate * step / decaySteps)`, with
 * `step / decaySteps` floored when `staircase` is true.
 */
export class InverseTimeDecay extends LearningRateSchedule {
  static override readonly className: string = 'InverseTimeDecay';
  readonly initialLearningRate: number;
  readonly decaySteps: number;
  readonly decayRate: number;
  readonly staircase: boolean;
  readonly name: string;

  constructor(config: InverseTimeDecayConfig) {
    super();
    rejectUnknownKeys('InverseTimeDecay', config, keys);
    this.initialLearningRate = requireNumber('InverseTimeDecay', 'initialLearningRate', config.initialLearningRate);
    this.decaySteps = requirePositive('InverseTimeDecay', 'decaySteps', config.decaySteps);
    this.decayRate = requireNumber('InverseTimeDecay', 'decayRate', config.decayRate);
    this.staircase = requireBoolean('InverseTimeDecay', 'staircase', config.staircase ?? false);
    this.name = config.name ?? 'InverseTimeDecay';
  }

  call(step: number): number {
    let progress = step / this.decaySteps;
    if (this.staircase) progress = Math.floor(progress);
    return this.initialLearningRate / (1 + this.decayRate * progress);
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
