import * as tf from '@tensorflow/tfjs-core';
import { ValueError } from '@keras-ts/core';
import { Initializer } from './base.js';

/** All zeros. */
export class Zeros extends Initializer {
  static override className = 'Zeros';
  apply(shape: number[], dtype: tf.DataType = 'float32'): tf.Tensor {
    return tf.zeros(shape, dtype);
  }
}

/** All ones. */
export class Ones extends Initializer {
  static override className = 'Ones';
  apply(shape: number[], dtype: tf.DataType = 'float32'): tf.Tensor {
    return tf.ones(shape, dtype);
  }
}

/** Every element equal to `value` (default 0). */
export class Constant extends Initializer {
  static override className = 'Constant';
  readonly value: number;
  constructor(config: { value?: number } = {}) {
    super();
    this.value = config.value ?? 0;
  }
  apply(shape: number[], dtype: tf.DataType = 'float32'): tf.Tensor {
    return tf.fill(shape, this.value, dtype);
  }
  override getConfig(): Record<string, unknown> {
    return { value: this.value };
  }
}

/** `gain` times the identity matrix (2-D shapes only). */
export class Identity extends Initializer {
  static override className = 'Identity';
  readonly gain: number;
  constructor(config: { gain?: number } = {}) {
    super();
    this.gain = config.gain ?? 1;
  }
  apply(shape: number[], dtype: tf.DataType = 'float32'): tf.Tensor {
    if (shape.length !== 2) throw new ValueError(`Identity initializer needs a 2-D shape, got [${shape.join(', ')}].`);
    return tf.tidy(() => tf.cast(tf.mul(tf.eye(shape[0]!, shape[1]!), this.gain), dtype));
  }
  override getConfig(): Record<string, unknown> {
    return { gain: this.gain };
  }
}
