import * as tf from '@tensorflow/tfjs-core';
import { ValueError, drawSeed } from '@keras-ts/core';
import { Initializer, computeFans } from './base.js';

/** Options shared by random initializers. */
export interface SeededConfig {
  /** Fixed seed; default: drawn from the global generator (see setRandomSeed). */
  seed?: number;
}

abstract class RandomInitializer extends Initializer {
  readonly seed: number | undefined;
  constructor(config: SeededConfig = {}) {
    super();
    this.seed = config.seed;
  }
  protected nextSeed(): number {
    return this.seed ?? drawSeed();
  }
  override getConfig(): Record<string, unknown> {
    return this.seed === undefined ? {} : { seed: this.seed };
  }
}

/** Normal distribution (default mean 0, stddev 0.05). */
export class RandomNormal extends RandomInitializer {
  static override className = 'RandomNormal';
  readonly mean: number;
  readonly stddev: number;
  constructor(config: SeededConfig & { mean?: number; stddev?: number } = {}) {
    super(config);
    this.mean = config.mean ?? 0;
    this.stddev = config.stddev ?? 0.05;
  }
  apply(shape: number[], dtype: tf.DataType = 'float32'): tf.Tensor {
    return tf.randomNormal(shape, this.mean, this.stddev, dtype as 'float32', this.nextSeed());
  }
  override getConfig(): Record<string, unknown> {
    return { mean: this.mean, stddev: this.stddev, ...super.getConfig() };
  }
}

/** Uniform distribution (default [-0.05, 0.05]). */
export class RandomUniform extends RandomInitializer {
  static override className = 'RandomUniform';
  readonly minval: number;
  readonly maxval: number;
  constructor(config: SeededConfig & { minval?: number; maxval?: number } = {}) {
    super(config);
    this.minval = config.minval ?? -0.05;
    this.maxval = config.maxval ?? 0.05;
  }
  apply(shape: number[], dtype: tf.DataType = 'float32'): tf.Tensor {
    return tf.randomUniform(shape, this.minval, this.maxval, dtype, this.nextSeed());
  }
  override getConfig(): Record<string, unknown> {
    return { minval: this.minval, maxval: this.maxval, ...super.getConfig() };
  }
}

/** Normal distribution truncated at two standard deviations (default mean 0, stddev 0.05). */
export class TruncatedNormal extends RandomInitializer {
  static override className = 'TruncatedNormal';
  readonly mean: number;
  readonly stddev: number;
  constructor(config: SeededConfig & { mean?: number; stddev?: number } = {}) {
    super(config);
    this.mean = config.mean ?? 0;
    this.stddev = config.stddev ?? 0.05;
  }
  apply(shape: number[], dtype: tf.DataType = 'float32'): tf.Tensor {
    return tf.truncatedNormal(shape, this.mean, this.stddev, dtype as 'float32', this.nextSeed());
  }
  override getConfig(): Record<string, unknown> {
    return { mean: this.mean, stddev: this.stddev, ...super.getConfig() };
  }
}

/** Options of {@link VarianceScaling}. */
export interface VarianceScalingConfig extends SeededConfig {
  /** Default 1. */
  scale?: number;
  /** Which fan divides the scale. Default 'fanIn'. */
  mode?: 'fanIn' | 'fanOut' | 'fanAvg' | 'fan_in' | 'fan_out' | 'fan_avg';
  /** Default 'truncatedNormal'. */
  distribution?: 'truncatedNormal' | 'untruncatedNormal' | 'normal' | 'uniform' | 'truncated_normal' | 'untruncated_normal';
}

/**
 * Scale-aware initializer: variance `scale / fan` with fan = fanIn, fanOut or their mean;
 * truncated normal (stddev corrected for truncation), normal, or uniform in ±√(3·scale/fan).
 */
export class VarianceScaling extends RandomInitializer {
  static override className = 'VarianceScaling';
  readonly scale: number;
  readonly mode: 'fan_in' | 'fan_out' | 'fan_avg';
  readonly distribution: 'truncated_normal' | 'untruncated_normal' | 'uniform';
  constructor(config: VarianceScalingConfig = {}) {
    super(config);
    this.scale = config.scale ?? 1;
    if (!(this.scale > 0)) throw new ValueError(`VarianceScaling: scale must be positive, got ${this.scale}.`);
    const mode = (config.mode ?? 'fan_in').replace(/([A-Z])/g, '_$1').toLowerCase();
    if (mode !== 'fan_in' && mode !== 'fan_out' && mode !== 'fan_avg') {
      throw new ValueError(`VarianceScaling: mode must be 'fanIn', 'fanOut' or 'fanAvg', got '${config.mode}'.`);
    }
    this.mode = mode;
    const distribution = (config.distribution ?? 'truncated_normal').replace(/([A-Z])/g, '_$1').toLowerCase();
    const normalized = distribution === 'normal' ? 'untruncated_normal' : distribution;
    if (normalized !== 'truncated_normal' && normalized !== 'untruncated_normal' && normalized !== 'uniform') {
      throw new ValueError(`VarianceScaling: distribution must be 'truncatedNormal', 'untruncatedNormal' or 'uniform', got '${config.distribution}'.`);
    }
    this.distribution = normalized;
  }
  apply(shape: number[], dtype: tf.DataType = 'float32'): tf.Tensor {
    const { fanIn, fanOut } = computeFans(shape);
    const fan = this.mode === 'fan_in' ? fanIn : this.mode === 'fan_out' ? fanOut : (fanIn + fanOut) / 2;
    const scale = this.scale / Math.max(1, fan);
    const seed = this.nextSeed();
    if (this.distribution === 'truncated_normal') {
      // 0.8796… is the stddev of a unit normal truncated to [-2, 2].
      return tf.truncatedNormal(shape, 0, Math.sqrt(scale) / 0.8796256610342398, dtype as 'float32', seed);
    }
    if (this.distribution === 'untruncated_normal') return tf.randomNormal(shape, 0, Math.sqrt(scale), dtype as 'float32', seed);
    const limit = Math.sqrt(3 * scale);
    return tf.randomUniform(shape, -limit, limit, dtype, seed);
  }
  override getConfig(): Record<string, unknown> {
    // Values stay Keras's strings ('fan_avg', 'truncated_normal') so saved files load in Keras; the constructor accepts both spellings.
    return { scale: this.scale, mode: this.mode, distribution: this.distribution, ...super.getConfig() };
  }
}

/** A VarianceScaling with fixed scale, mode and distribution; only the seed is configurable. */
abstract class VarianceScalingPreset extends VarianceScaling {
  override getConfig(): Record<string, unknown> {
    return this.seed === undefined ? {} : { seed: this.seed };
  }
}

/** Glorot (Xavier) uniform: U(±√(6 / (fanIn + fanOut))). Keras's default kernel initializer. */
export class GlorotUniform extends VarianceScalingPreset {
  static override className = 'GlorotUniform';
  constructor(config: SeededConfig = {}) {
    super({ scale: 1, mode: 'fanAvg', distribution: 'uniform', seed: config.seed });
  }
}

/** Glorot (Xavier) normal: truncated normal with stddev √(2 / (fanIn + fanOut)). */
export class GlorotNormal extends VarianceScalingPreset {
  static override className = 'GlorotNormal';
  constructor(config: SeededConfig = {}) {
    super({ scale: 1, mode: 'fanAvg', distribution: 'truncatedNormal', seed: config.seed });
  }
}

/** He normal: truncated normal with stddev √(2 / fanIn). */
export class HeNormal extends VarianceScalingPreset {
  static override className = 'HeNormal';
  constructor(config: SeededConfig = {}) {
    super({ scale: 2, mode: 'fanIn', distribution: 'truncatedNormal', seed: config.seed });
  }
}

/** He uniform: U(±√(6 / fanIn)). */
export class HeUniform extends VarianceScalingPreset {
  static override className = 'HeUniform';
  constructor(config: SeededConfig = {}) {
    super({ scale: 2, mode: 'fanIn', distribution: 'uniform', seed: config.seed });
  }
}

/** LeCun normal: truncated normal with stddev √(1 / fanIn). */
export class LecunNormal extends VarianceScalingPreset {
  static override className = 'LecunNormal';
  constructor(config: SeededConfig = {}) {
    super({ scale: 1, mode: 'fanIn', distribution: 'truncatedNormal', seed: config.seed });
  }
}

/** LeCun uniform: U(±√(3 / fanIn)). */
export class LecunUniform extends VarianceScalingPreset {
  static override className = 'LecunUniform';
  constructor(config: SeededConfig = {}) {
    super({ scale: 1, mode: 'fanIn', distribution: 'uniform', seed: config.seed });
  }
}

/** Random orthogonal matrix (QR of a normal matrix, sign-corrected), times `gain`. */
export class Orthogonal extends RandomInitializer {
  static override className = 'Orthogonal';
  readonly gain: number;
  constructor(config: SeededConfig & { gain?: number } = {}) {
    super(config);
    this.gain = config.gain ?? 1;
  }
  apply(shape: number[], dtype: tf.DataType = 'float32'): tf.Tensor {
    if (shape.length < 2) throw new ValueError(`Orthogonal initializer needs a shape of rank ≥ 2, got [${shape.join(', ')}].`);
    const rows = shape.slice(0, -1).reduce((a, b) => a * b, 1);
    const cols = shape[shape.length - 1]!;
    const seed = this.nextSeed();
    return tf.tidy(() => {
      const a = tf.randomNormal([Math.max(rows, cols), Math.min(rows, cols)], 0, 1, 'float32', seed);
      const [q, r] = tf.linalg.qr(a);
      const signs = tf.sign(tf.sum(tf.mul(r, tf.eye(r.shape[0]!, r.shape[1]!)), 0));
      let result: tf.Tensor = tf.mul(q, signs);
      if (rows < cols) result = tf.transpose(result);
      return tf.cast(tf.reshape(tf.mul(result, this.gain), shape), dtype);
    });
  }
  override getConfig(): Record<string, unknown> {
    return { gain: this.gain, ...super.getConfig() };
  }
}
