import * as tf from '@tensorflow/tfjs-core';
import { type CallOptions, Layer, type LayerConfig, type Shape, ShapeError, ValueError, registerLayerClass } from '@keras-ts/core';

/** Options for {@link Reshape}. */
export interface ReshapeConfig extends LayerConfig {
  /** Target shape without the batch dimension; one entry may be -1 (inferred). */
  targetShape: number[];
}

/** Reshapes each sample to `targetShape`: `[batch, …]` → `[batch, ...targetShape]`. */
export class Reshape extends Layer {
  static override className = 'Reshape';
  readonly targetShape: number[];

  constructor(config: ReshapeConfig) {
    super(config);
    if (!Array.isArray(config?.targetShape) || config.targetShape.some((d) => !Number.isInteger(d) || (d <= 0 && d !== -1))) {
      throw new ValueError(`Reshape: \`targetShape\` must be an array of positive integers (one may be -1), got ${JSON.stringify(config?.targetShape)}.`);
    }
    if (config.targetShape.filter((d) => d === -1).length > 1) throw new ValueError('Reshape: only one dimension of `targetShape` may be -1.');
    this.targetShape = [...config.targetShape];
  }

  private resolve(inputShape: Shape): Shape {
    const size = inputShape.slice(1).some((d) => d === null) ? null : inputShape.slice(1).reduce<number>((a, b) => a * (b as number), 1);
    const known = this.targetShape.filter((d) => d !== -1).reduce((a, b) => a * b, 1);
    if (!this.targetShape.includes(-1)) {
      if (size !== null && size !== known) {
        throw new ShapeError(
          `Reshape '${this.name}': total size of the new shape [${this.targetShape.join(', ')}] (${known}) must equal the input's ${size} (input shape [${inputShape.map((d) => d ?? 'null').join(', ')}]). Choose a targetShape whose sizes multiply to ${size}, or use -1 for one dimension.`,
        );
      }
      return [inputShape[0] ?? null, ...this.targetShape];
    }
    if (size !== null && size % known !== 0) {
      throw new ShapeError(
        `Reshape '${this.name}': cannot reshape input of size ${size} into [${this.targetShape.join(', ')}]: ${size} is not a multiple of ${known}.`,
      );
    }
    return [inputShape[0] ?? null, ...this.targetShape.map((d) => (d === -1 ? (size === null ? null : size / known) : d))];
  }

  override call(inputs: tf.Tensor | tf.Tensor[], _options: CallOptions = {}): tf.Tensor {
    const x = Array.isArray(inputs) ? inputs[0]! : inputs;
    // Eager calls skip computeOutputShape; resolving here gives the same named error instead of tfjs's.
    this.resolve([null, ...x.shape.slice(1)]);
    return tf.reshape(x, [x.shape[0]!, ...this.targetShape]);
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    return this.resolve(inputShape as Shape);
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), targetShape: [...this.targetShape] };
  }
}
registerLayerClass(Reshape);
