import { rejectUnknownKeys, requireBoolean, requireNumber, requirePositive } from '../config/validate.js';
import { LearningRateSchedule } from './base.js';

/** Options for {@link ExponentialDecay}. */
export interface ExponentialDecayConfig {
  /** Learning rate at step 0. */
  initialLearningRate: number;
  /** Number of steps over which the rate is multiplied by `decayRate`. Must be > 0. */
  decaySteps: number;
  /** Multiplier applied every `decaySteps` steps. */
  decayRate: number;
  /** Decay at discrete intervals (`floor(step / decaySteps)`). Default: false. */
  staircase?: boolean;
  /** Name, kept for Keras compatibility. Default: `'ExponentialDecay'`. */
  name?: string;
}

const keys = ['initialLearningRate', 'decaySteps', 'decayRate', 'staircase', 'name'];

/**
 * `initialLearningRate * decayRate ^ (step / decaySteps)`, with the exponent
 * floored when `staircase` is true.
 */
export class ExponentialDecay extends LearningRateSchedule {
  static override readonly className: string = 'ExponentialDecay';
  readonly initialLearningRate: number;
  readonly decaySteps: number;
  readonly decayRate: number;
  readonly staircase: boolean;
  readonly name: string;

  constructor(config: ExponentialDecayConfig) {
    super();
    rejectUnknownKeys('ExponentialDecay', config, keys);
    this.initialLearningRate = requireNumber('ExponentialDecay', 'initialLearningRate', config.initialLearningRate);
    this.decaySteps = requirePositive('ExponentialDecay', 'decaySteps', config.decaySteps);
    this.decayRate = requireNumber('ExponentialDecay', 'decayRate', config.decayRate);
    this.staircase = requireBoolean('ExponentialDecay', 'staircase', config.staircase ?? false);
    this.name = config.name ?? 'ExponentialDecay';
  }

  call(step: number): number {
    let exponent = step / this.decaySteps;
    if (this.staircase) exponent = Math.floor(exponent);
    return this.initialLearningRate * this.decayRate ** exponent;
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
