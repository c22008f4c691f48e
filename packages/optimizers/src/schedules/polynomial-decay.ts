import { rejectUnknownKeys, requireBoolean, requireNumber, requirePositive } from '@keras-ts/common';
import { LearningRateSchedule } from './base.js';

/** Options for {@link PolynomialDecay}. */
export interface PolynomialDecayConfig {
  /** Learning rate at step 0. */
  initialLearningRate: number;
  /** Steps to go from the initial to the end rate. Must be > 0. */
  decaySteps: number;
  /** Rate reached after `decaySteps`. Default: 0.0001. */
  endLearningRate?: number;
  /** Exponent of the polynomial. Default: 1 (linear). */
  power?: number;
  /** Restart the decay after `decaySteps` (with a longer period) instead of staying at the end rate. Default: false. */
  cycle?: boolean;
  /** Name, kept for Keras compatibility. Default: `'PolynomialDecay'`. */
  name?: string;
}

const keys = ['initialLearningRate', 'decaySteps', 'endLearningRate', 'power', 'cycle', 'name'];

/**
 * `(initial - end) * (1 - step / decaySteps) ^ power + end`, with `step`
 * capped at `decaySteps`; with `cycle`, `decaySteps` is instead stretched to
 * the first multiple of itself that is `>= step` (at least one).
 */
export class PolynomialDecay extends LearningRateSchedule {
  static override readonly className: string = 'PolynomialDecay';
  readonly initialLearningRate: number;
  readonly decaySteps: number;
  readonly endLearningRate: number;
  readonly power: number;
  readonly cycle: boolean;
  readonly name: string;

  constructor(config: PolynomialDecayConfig) {
    super();
    rejectUnknownKeys('PolynomialDecay', config, keys);
    this.initialLearningRate = requireNumber('PolynomialDecay', 'initialLearningRate', config.initialLearningRate);
    this.decaySteps = requirePositive('PolynomialDecay', 'decaySteps', config.decaySteps);
    this.endLearningRate = requireNumber('PolynomialDecay', 'endLearningRate', config.endLearningRate ?? 0.0001);
    this.power = requireNumber('PolynomialDecay', 'power', config.power ?? 1);
    this.cycle = requireBoolean('PolynomialDecay', 'cycle', config.cycle ?? false);
    this.name = config.name ?? 'PolynomialDecay';
  }

  call(step: number): number {
    let decaySteps = this.decaySteps;
    let clampedStep = step;
    if (this.cycle) {
      const multiplier = step === 0 ? 1 : Math.ceil(step / this.decaySteps);
      decaySteps = this.decaySteps * multiplier;
    } else {
      clampedStep = Math.min(step, this.decaySteps);
    }
    const fraction = clampedStep / decaySteps;
    return (this.initialLearningRate - this.endLearningRate) * (1 - fraction) ** this.power + this.endLearningRate;
  }

  getConfig(): Record<string, unknown> {
    return {
      initialLearningRate: this.initialLearningRate,
      decaySteps: this.decaySteps,
      endLearningRate: this.endLearningRate,
      power: this.power,
      cycle: this.cycle,
      name: this.name,
    };
  }
}
