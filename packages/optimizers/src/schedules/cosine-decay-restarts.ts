import { rejectUnknownKeys, requireNumber, requirePositive } from '@keras-ts/common';
import { LearningRateSchedule } from './base.js';

/** Options for {@link CosineDecayRestarts}. */
export interface CosineDecayRestartsConfig {
  /** Learning rate at step 0. */
  initialLearningRate: number;
  /** Length of the first period. Must be > 0. */
  firstDecaySteps: number;
  /** Each period is `tMul` times longer than the previous one. Default: 2. */
  tMul?: number;
  /** Each restart begins at `mMul` times the previous period's starting rate. Default: 1. */
  mMul?: number;
  /** Floor of the decay, as a fraction of `initialLearningRate`. Default: 0. */
  alpha?: number;
  /** Name, kept for Keras compatibility. Default: `'SGDRDecay'`. */
  name?: string;
}

const keys = ['initialLearningRate', 'firstDecaySteps', 'tMul', 'mMul', 'alpha', 'name'];

/**
 * Cosine decay with warm restarts (SGDR): period `i` lasts
 * `firstDecaySteps * tMul^i` steps and starts at `mMul^i` times the initial
 * rate; inside a period the rate follows
 * `initial * ((1 - alpha) * 0.5 * mMul^i * (1 + cos(pi * fraction)) + alpha)`.
 */
export class CosineDecayRestarts extends LearningRateSchedule {
  static override readonly className: string = 'CosineDecayRestarts';
  readonly initialLearningRate: number;
  readonly firstDecaySteps: number;
  readonly tMul: number;
  readonly mMul: number;
  readonly alpha: number;
  readonly name: string;

  constructor(config: CosineDecayRestartsConfig) {
    super();
    rejectUnknownKeys('CosineDecayRestarts', config, keys);
    this.initialLearningRate = requireNumber('CosineDecayRestarts', 'initialLearningRate', config.initialLearningRate);
    this.firstDecaySteps = requirePositive('CosineDecayRestarts', 'firstDecaySteps', config.firstDecaySteps);
    this.tMul = requirePositive('CosineDecayRestarts', 'tMul', config.tMul ?? 2);
    this.mMul = requireNumber('CosineDecayRestarts', 'mMul', config.mMul ?? 1);
    this.alpha = requireNumber('CosineDecayRestarts', 'alpha', config.alpha ?? 0);
    this.name = config.name ?? 'SGDRDecay';
  }

  call(step: number): number {
    let fraction = step / this.firstDecaySteps;
    let restart: number;
    if (this.tMul === 1) {
      restart = Math.floor(fraction);
      fraction -= restart;
    } else {
      // Periods grow geometrically: the i-th restart happens after
      // (1 - tMul^i) / (1 - tMul) first periods.
      restart = Math.floor(Math.log(1 - fraction * (1 - this.tMul)) / Math.log(this.tMul));
      const elapsed = (1 - this.tMul ** restart) / (1 - this.tMul);
      fraction = (fraction - elapsed) / this.tMul ** restart;
    }
    const cosine = 0.5 * this.mMul ** restart * (1 + Math.cos(Math.PI * fraction));
    return this.initialLearningRate * ((1 - this.alpha) * cosine + this.alpha);
  }

  getConfig(): Record<string, unknown> {
    return {
      initialLearningRate: this.initialLearningRate,
      firstDecaySteps: this.firstDecaySteps,
      tMul: this.tMul,
      mMul: this.mMul,
      alpha: this.alpha,
      name: this.name,
    };
  }
}
