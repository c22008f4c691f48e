// Stand-ins for @keras-ts/layers' Dense and Dropout (core cannot depend on layers): same class
// names and Keras config keys, so saved files are what the real layers write and tfjs-layers reads.
import * as tf from '@tensorflow/tfjs-core';
import { ShapeError } from '../errors/errors.js';
import { Layer, type LayerConfig } from '../engine/layer.js';
import type { LayerWeight } from '../engine/layer-weight.js';
import { registerLayerClass } from '../engine/registry.js';
import type { CallOptions, Initializer, Shape } from '../engine/types.js';

type Activation = 'linear' | 'relu' | 'softmax' | 'sigmoid' | 'tanh';

/** Deterministic spread-out values in [-limit, limit] (a sine sequence), so tests need no RNG. */
const sineInit = (offset: number): Initializer => ({
  apply: (shape) => {
    const size = shape.reduce((a, b) => a * b, 1);
    const limit = Math.sqrt(6 / ((shape[0] ?? 1) + (shape[1] ?? 1)));
    return tf.tensor(
      Array.from({ length: size }, (_, i) => limit * Math.sin(1.7 * (i + 1) + offset)),
      shape,
    );
  },
});

export interface KerasDenseConfig extends LayerConfig {
  units: number;
  activation?: Activation;
  useBias?: boolean;
}

export class KerasDense extends Layer {
  static override className = 'Dense';
  kernel?: LayerWeight;
  bias?: LayerWeight;
  readonly units: number;
  readonly activation: Activation;
  readonly useBias: boolean;
  constructor(config: KerasDenseConfig) {
    super(config);
    this.units = config.units;
    this.activation = config.activation ?? 'linear';
    this.useBias = config.useBias ?? true;
    this.inputSpec = [{ minNdim: 2 }];
  }
  override build(inputShape: Shape | Shape[]): void {
    const shape = inputShape as Shape;
    this.kernel = this.addWeight('kernel', [shape[shape.length - 1]!, this.units], sineInit(this.units));
    if (this.useBias) this.bias = this.addWeight('bias', [this.units], sineInit(0.5));
  }
  override call(inputs: tf.Tensor | tf.Tensor[], _options: CallOptions = {}): tf.Tensor {
    const x = Array.isArray(inputs) ? inputs[0]! : inputs;
    const product = tf.matMul(x, this.kernel!.variable);
    const y = this.bias ? tf.add(product, this.bias.variable) : product;
    if (this.activation === 'relu') return tf.relu(y);
    if (this.activation === 'softmax') return tf.softmax(y);
    if (this.activation === 'sigmoid') return tf.sigmoid(y);
    if (this.activation === 'tanh') return tf.tanh(y);
    return y;
  }
  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    return [...(inputShape as Shape).slice(0, -1), this.units];
  }
  override getConfig(): Record<string, unknown> {
    return {
      ...super.getConfig(),
      units: this.units,
      activation: this.activation,
      useBias: this.useBias,
      kernelInitializer: { className: 'GlorotUniform', config: { seed: null } },
      biasInitializer: { className: 'Zeros', config: {} },
      kernelRegularizer: null,
      biasRegularizer: null,
      activityRegularizer: null,
      kernelConstraint: null,
      biasConstraint: null,
    };
  }
}

export class KerasDropout extends Layer {
  static override className = 'Dropout';
  readonly rate: number;
  readonly seed: number | null;
  constructor(config: LayerConfig & { rate: number; seed?: number | null }) {
    super(config);
    this.rate = config.rate;
    this.seed = config.seed ?? null;
  }
  override call(inputs: tf.Tensor | tf.Tensor[], options: CallOptions = {}): tf.Tensor {
    const x = Array.isArray(inputs) ? inputs[0]! : inputs;
    return options.training ? tf.dropout(x, this.rate, undefined, this.seed ?? undefined) : x;
  }
  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), rate: this.rate, noiseShape: null, seed: this.seed };
  }
}

/** Concatenates on the last axis (Keras's Concatenate with axis -1). */
export class KerasConcatenate extends Layer {
  static override className = 'Concatenate';
  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.concat(inputs as tf.Tensor[], -1);
  }
  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    const shapes = inputShape as Shape[];
    // As Keras's Concatenate: inputs of different ranks are refused when the graph is built.
    if (shapes.some((shape) => shape.length !== shapes[0]!.length)) {
      throw new ShapeError(`Concatenate '${this.name}' needs inputs of one rank, got shapes ${shapes.map((shape) => `[${shape.join(', ')}]`).join(', ')}.`);
    }
    return [...shapes[0]!.slice(0, -1), shapes.reduce((sum, s) => sum + (s[s.length - 1] ?? 0), 0)];
  }
  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), axis: -1 };
  }
}

registerLayerClass(KerasDense);
registerLayerClass(KerasDropout);
registerLayerClass(KerasConcatenate);
