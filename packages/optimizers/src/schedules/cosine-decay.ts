import { rejectUnknownKeys, requireNonNegative, requireNumber, requirePositive } from '@keras-ts/common';
import { LearningRateSchedule } from './base.js';

/** Options for {@link CosineDecay}. */
export interface CosineDecayConfig {
  /** Learning rate at step 0 (the start of the warmup when there is one). */
  initialLearningRate: number;
  /** Steps of cosine decay. Must be > 0. */
  decaySteps: number;
  /** Floor of the decay, as a fraction of the rate it decays from. Default: 0. */
  alpha?: number;
  /** Rate reached at the end of a linear warmup; null skips the warmup. Default: null. */
  warmupTarget?: number | null;
  /** Steps of linear warmup from `initialLearningRate` to `warmupTarget`. Default: 0. */
  warmupSteps?: number;
  /** Name, kept for Keras compatibility. Default: `'CosineDecay'`. */
  name?: string;
}

const keys = ['initialLearningRate', 'decaySteps', 'alpha', 'warmupTarget', 'warmupSteps', 'name'];

/**
 * Cosine decay with optional linear warmup (Loshchilov & Hutter, SGDR).
 *
 * Without warmup: `initial * ((1 - alpha) * 0.5 * (1 + cos(pi * min(step, decaySteps) / decaySteps)) + alpha)`.
 * With `warmupTarget`: a straight line from `initialLearningRate` to
 * `warmupTarget` over `warmupSteps`, then the same cosine decay from
 * `warmupTarget`, counted from the end of the warmup.
 */
export class CosineDecay extends LearningRateSchedule {
  static override readonly className: string = 'CosineDecay';
  readonly initialLearningRate: number;
  readonly decaySteps: number;
  readonly alpha: number;
  readonly warmupTarget: number | null;
  readonly warmupSteps: number;
  readonly name: string;

  constructor(config: CosineDecayConfig) {
    super();
    rejectUnknownKeys('CosineDecay', config, keys);
    this.initialLearningRate = requireNumber('CosineDecay', 'initialLearningRate', config.initialLearningRate);
    this.decaySteps = requirePositive('CosineDecay', 'decaySteps', config.decaySteps);
    this.alpha = requireNumber('CosineDecay', 'alpha', config.alpha ?? 0);
    const target = config.warmupTarget ?? null;
    this.warmupTarget = target === null ? null : requireNumber('CosineDecay', 'warmupTarget', target);
    this.warmupSteps = requireNonNegative('CosineDecay', 'warmupSteps', config.warmupSteps ?? 0);
    this.name = config.name ?? 'CosineDecay';
  }

  call(step: number): number {
    if (this.warmupTarget === null) {
      return this.decayed(Math.min(step, this.decaySteps), this.initialLearningRate);
    }
    const clamped = Math.min(step, this.decaySteps + this.warmupSteps);
    if (clamped < this.warmupSteps) {
      const fraction = clamped / this.warmupSteps;
      return (this.warmupTarget - this.initialLearningRate) * fraction + this.initialLearningRate;
    }
    return this.decayed(clamped - this.warmupSteps, this.warmupTarget);
  }

  private decayed(step: number, from: number): number {
    const cosine = 0.5 * (1 + Math.cos((Math.PI * step) / this.decaySteps));
    return from * ((1 - this.alpha) * cosine + this.alpha);
  }

  getConfig(): Record<string, unknown> {
    return {
      initialLearningRate: this.initialLearningRate,
      decaySteps: this.decaySteps,
      alpha: this.alpha,
      warmupTarget: this.warmupTarget,
      warmupSteps: this.warmupSteps,
      name: this.name,
    };
  }
}
