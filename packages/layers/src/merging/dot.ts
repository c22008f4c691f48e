import * as tf from '@tensorflow/tfjs-core';
import { type LayerConfig, type Shape, ShapeError, ValueError, formatShape, registerLayerClass } from '@keras-ts/core';
import { Merge, type MergeInputs, type MergeOutput, applyMerge } from './base.js';

/** Options for {@link Dot}. */
export interface DotConfig extends LayerConfig {
  /** Axis (or one per input) summed over; the batch axis 0 is excluded. */
  axes: number | [number, number];
  /** L2-normalize both inputs along the axes first, giving cosine similarity. Default: false. */
  normalize?: boolean;
}

/**
 * Batched dot product of two inputs over `axes`: `[b, n]·[b, n]` → `[b, 1]`; `[b, t, d]·[b, s, d]`
 * with axes 2 → `[b, t, s]`.
 */
export class Dot extends Merge {
  static override className = 'Dot';
  readonly axes: number | [number, number];
  readonly normalize: boolean;

  constructor(config: DotConfig) {
    super(config);
    const axes = config?.axes;
    const valid = (a: unknown) => typeof a === 'number' && Number.isInteger(a);
    if (!(valid(axes) || (Array.isArray(axes) && axes.length === 2 && axes.every(valid)))) {
      throw new ValueError(`Dot: \`axes\` must be an integer or a pair of integers, got ${JSON.stringify(axes)}.`);
    }
    this.axes = Array.isArray(axes) ? [axes[0], axes[1]] : axes;
    this.normalize = config.normalize ?? false;
  }

  protected override inputCount(): [number, number] {
    return [2, 2];
  }

  private resolvedAxes(ranks: number[]): [number, number] {
    const pair = Array.isArray(this.axes) ? this.axes : [this.axes, this.axes];
    return pair.map((a, i) => (a < 0 ? ranks[i]! + a : a)) as [number, number];
  }

  protected merge(inputs: tf.Tensor[]): tf.Tensor {
    let [x, y] = inputs as [tf.Tensor, tf.Tensor];
    const [ax, ay] = this.resolvedAxes([x.rank, y.rank]);
    if (this.normalize) {
      x = tf.div(x, tf.sqrt(tf.maximum(tf.sum(tf.square(x), ax, true), 1e-12)));
      y = tf.div(y, tf.sqrt(tf.maximum(tf.sum(tf.square(y), ay, true), 1e-12)));
    }
    const batch = x.shape[0]!;
    const restX = x.shape.filter((_, i) => i !== 0 && i !== ax);
    const restY = y.shape.filter((_, i) => i !== 0 && i !== ay);
    const k = x.shape[ax]!;
    const xMoved = tf.transpose(x, [0, ...x.shape.map((_, i) => i).filter((i) => i !== 0 && i !== ax), ax]);
    const yMoved = tf.transpose(y, [0, ay, ...y.shape.map((_, i) => i).filter((i) => i !== 0 && i !== ay)]);
    const m = restX.reduce((a, b) => a * b, 1);
    const n = restY.reduce((a, b) => a * b, 1);
    const product = tf.matMul(tf.reshape(xMoved, [batch, m, k]), tf.reshape(yMoved, [batch, k, n]));
    const shape = [batch, ...restX, ...restY];
    return tf.reshape(product, shape.length === 1 ? [batch, 1] : shape);
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    const [a, b] = this.checkInputs(inputShape) as [Shape, Shape];
    const [ax, ay] = this.resolvedAxes([a.length, b.length]);
    if (ax <= 0 || ay <= 0 || ax >= a.length || ay >= b.length || (a[ax] !== null && b[ay] !== null && a[ax] !== b[ay])) {
      throw new ShapeError(
        `Dot '${this.name}' cannot contract axis ${ax} of ${formatShape(a)} with axis ${ay} of ${formatShape(b)}: the sizes must match and the batch axis cannot be used.`,
      );
    }
    const shape: Shape = [a[0] ?? null, ...a.filter((_, i) => i !== 0 && i !== ax), ...b.filter((_, i) => i !== 0 && i !== ay)];
    return shape.length === 1 ? [shape[0] ?? null, 1] : shape;
  }

  override computeMask(): null {
    return null;
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), axes: this.axes, normalize: this.normalize };
  }
}
registerLayerClass(Dot);

/** Functional form of {@link Dot}: `dot([a, b], { axes: 1 })`. */
export function dot<Inputs extends MergeInputs>(inputs: Inputs, config: DotConfig): MergeOutput<Inputs> {
  return applyMerge(new Dot(config), inputs);
}
