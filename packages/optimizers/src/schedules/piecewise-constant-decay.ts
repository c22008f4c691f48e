import { rejectUnknownKeys, requireNumber, ValueError } from '@keras-ts/common';
import { LearningRateSchedule } from './base.js';

/** Options for {@link PiecewiseConstantDecay}. */
export interface PiecewiseConstantDecayConfig {
  /** Increasing step boundaries. */
  boundaries: number[];
  /** One more value than boundaries: the rate for each interval. */
  values: number[];
  /** Name, kept for Keras compatibility. Default: `'PiecewiseConstant'`. */
  name?: string;
}

const keys = ['boundaries', 'values', 'name'];

/**
 * A step function: `values[0]` while `step <= boundaries[0]`, `values[i]`
 * while `boundaries[i-1] < step <= boundaries[i]`, and the last value after
 * the last boundary.
 */
export class PiecewiseConstantDecay extends LearningRateSchedule {
  static override readonly className: string = 'PiecewiseConstantDecay';
  readonly boundaries: readonly number[];
  readonly values: readonly number[];
  readonly name: string;

  constructor(config: PiecewiseConstantDecayConfig) {
    super();
    rejectUnknownKeys('PiecewiseConstantDecay', config, keys);
    if (!Array.isArray(config.boundaries) || !Array.isArray(config.values)) {
      throw new ValueError('PiecewiseConstantDecay: `boundaries` and `values` must both be arrays of numbers.');
    }
    if (config.values.length !== config.boundaries.length + 1) {
      throw new ValueError(
        `PiecewiseConstantDecay: \`values\` must have exactly one more element than \`boundaries\`, ` +
          `got ${config.values.length} values and ${config.boundaries.length} boundaries.`,
      );
    }
    config.boundaries.forEach((boundary, index) => {
      requireNumber('PiecewiseConstantDecay', `boundaries[${index}]`, boundary);
      const previous = config.boundaries[index - 1];
      if (previous !== undefined && boundary <= previous) {
        throw new ValueError(`PiecewiseConstantDecay: \`boundaries\` must be strictly increasing, got ${previous} then ${boundary}.`);
      }
    });
    config.values.forEach((value, index) => {
      requireNumber('PiecewiseConstantDecay', `values[${index}]`, value);
    });
    this.boundaries = [...config.boundaries];
    this.values = [...config.values];
    this.name = config.name ?? 'PiecewiseConstant';
  }

  call(step: number): number {
    const index = this.boundaries.findIndex((boundary) => step <= boundary);
    const position = index === -1 ? this.values.length - 1 : index;
    return this.values[position]!;
  }

  getConfig(): Record<string, unknown> {
    return { boundaries: [...this.boundaries], values: [...this.values], name: this.name };
  }
}
