import * as tf from '@tensorflow/tfjs-core';
import { type CallOptions, Layer, type LayerConfig, type Shape, ValueError, registerLayerClass } from '@keras-ts/core';
import { firstTensor } from '../utils/arguments.js';

/** Options for {@link ActivityRegularization}. */
export interface ActivityRegularizationConfig extends LayerConfig {
  /** L1 factor. Default: 0. */
  l1?: number;
  /** L2 factor. Default: 0. */
  l2?: number;
}

/** Passes inputs through and adds `l1·Σ|x| + l2·Σx²` of them to the model's loss. */
export class ActivityRegularization extends Layer {
  static override className = 'ActivityRegularization';
  readonly l1: number;
  readonly l2: number;

  constructor(config: ActivityRegularizationConfig = {}) {
    super(config);
    this.l1 = config.l1 ?? 0;
    this.l2 = config.l2 ?? 0;
    if (!(this.l1 >= 0) || !(this.l2 >= 0))
      throw new ValueError(`ActivityRegularization: \`l1\` and \`l2\` must be ≥ 0, got l1=${config.l1}, l2=${config.l2}.`);
    this.supportsMasking = true;
  }

  override call(inputs: tf.Tensor | tf.Tensor[], _options: CallOptions = {}): tf.Tensor {
    const x = firstTensor(inputs);
    if (this.l1 > 0 || this.l2 > 0) {
      this.addLoss(tf.tidy(() => tf.add(tf.mul(tf.sum(tf.abs(x)), this.l1), tf.mul(tf.sum(tf.square(x)), this.l2)) as tf.Scalar));
    }
    return x;
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape | Shape[] {
    return inputShape;
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), l1: this.l1, l2: this.l2 };
  }
}
registerLayerClass(ActivityRegularization);
