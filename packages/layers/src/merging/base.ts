import * as tf from '@tensorflow/tfjs-core';
import { type CallOptions, Layer, type LayerConfig, type Shape, ShapeError, type SymbolicTensor, ValueError, formatShape, isShapeList } from '@keras-ts/core';

/** Inputs of the functional merge helpers: symbolic tensors (graph building) or real tensors (eager). */
export type MergeInputs = SymbolicTensor[] | tf.Tensor[];

/** What a functional merge helper returns: a SymbolicTensor for symbolic inputs, a Tensor for real ones. */
export type MergeOutput<Inputs extends MergeInputs> = Inputs extends SymbolicTensor[] ? SymbolicTensor : tf.Tensor;

/**
 * Base of the elementwise merge layers (Add, Subtract, Multiply, Average, Maximum, Minimum): takes
 * a list of tensors of compatible shapes (equal, or 1 where they broadcast) and returns one.
 */
export abstract class Merge extends Layer {
  constructor(config: LayerConfig = {}) {
    super(config);
    this.supportsMasking = true;
  }

  /** Combines the inputs (already checked). */
  protected abstract merge(inputs: tf.Tensor[]): tf.Tensor;

  /** Minimum and maximum number of inputs. */
  protected inputCount(): [number, number] {
    return [2, Number.POSITIVE_INFINITY];
  }

  protected checkInputs(shapes: Shape[] | Shape): Shape[] {
    const [min, max] = this.inputCount();
    const list = isShapeList(shapes as Shape | Shape[]) ? (shapes as Shape[]) : [shapes as Shape];
    if (list.length < min || list.length > max) {
      const expected = min === max ? `exactly ${min}` : `at least ${min}`;
      throw new ValueError(
        `${this.className} '${this.name}' expects a list of ${expected} inputs, got ${list.length} (shapes ${list.map((s) => formatShape(s)).join(', ')}).`,
      );
    }
    return list;
  }

  override build(inputShape: Shape | Shape[]): void {
    this.computeOutputShape(inputShape);
  }

  override call(inputs: tf.Tensor | tf.Tensor[], _options: CallOptions = {}): tf.Tensor {
    const list = Array.isArray(inputs) ? inputs : [inputs];
    this.computeOutputShape(list.map((t) => t.shape));
    return tf.tidy(() => this.merge(list));
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    const shapes = this.checkInputs(inputShape);
    const rank = Math.max(...shapes.map((s) => s.length));
    const output: Shape = [];
    for (let i = 0; i < rank; i++) {
      // Align from the right, as broadcasting does; the batch axis may be null.
      let size: number | null = 1;
      for (const shape of shapes) {
        const d = shape[shape.length - rank + i];
        if (d === undefined || d === 1) continue;
        if (d === null) {
          if (size === 1) size = null;
          continue;
        }
        if (size !== null && size !== 1 && size !== d) {
          throw new ShapeError(
            `${this.className} '${this.name}' needs inputs of the same shape (or broadcastable: sizes equal or 1), got ${shapes.map((s) => formatShape(s)).join(' and ')}.`,
          );
        }
        size = d;
      }
      output.push(size);
    }
    return output;
  }

  override computeMask(_inputs: tf.Tensor | tf.Tensor[], mask?: tf.Tensor | null | (tf.Tensor | null)[]): tf.Tensor | null {
    const masks = (Array.isArray(mask) ? mask : [mask ?? null]).filter((m): m is tf.Tensor => m !== null);
    if (masks.length === 0) return null;
    return masks.slice(1).reduce((all, m) => tf.logicalAnd(all, tf.cast(m, 'bool')), tf.cast(masks[0]!, 'bool'));
  }
}

/** Applies `layer` to `inputs` and returns its single output (the functional merge helpers). */
export function applyMerge<Inputs extends MergeInputs>(layer: Merge, inputs: Inputs): MergeOutput<Inputs> {
  // The conditional result type cannot be checked against either branch inside a generic body.
  return layer.apply(inputs as never) as MergeOutput<Inputs>;
}
