import * as tf from '@tensorflow/tfjs-core';
import { type LayerConfig, type Shape, ShapeError, formatShape, registerLayerClass } from '@keras-ts/core';
import { Merge, type MergeInputs, type MergeOutput, applyMerge } from './base.js';

/** Options for {@link Concatenate}. */
export interface ConcatenateConfig extends LayerConfig {
  /** Axis to join along. Default: -1. */
  axis?: number;
}

/** Joins the inputs along `axis`; every other dimension must match. */
export class Concatenate extends Merge {
  static override className = 'Concatenate';
  readonly axis: number;

  constructor(config: ConcatenateConfig = {}) {
    super(config);
    this.axis = config.axis ?? -1;
  }

  protected merge(inputs: tf.Tensor[]): tf.Tensor {
    return tf.concat(inputs, this.axis);
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    const shapes = this.checkInputs(inputShape);
    const rank = shapes[0]!.length;
    const axis = this.axis < 0 ? rank + this.axis : this.axis;
    const problem = () =>
      new ShapeError(
        `Concatenate '${this.name}' needs inputs with matching shapes except on the concatenation axis ${this.axis}, got ${shapes.map((s) => formatShape(s)).join(' and ')}.`,
      );
    if (axis <= 0 || axis >= rank || shapes.some((s) => s.length !== rank)) throw problem();
    const output: Shape = [...shapes[0]!];
    for (const shape of shapes.slice(1)) {
      for (let i = 0; i < rank; i++) {
        if (i === axis) continue;
        const a = output[i];
        const b = shape[i];
        if (a !== null && b !== null && a !== b) throw problem();
        if (a === null) output[i] = b ?? null;
      }
    }
    output[axis] = shapes.some((s) => s[axis] === null) ? null : shapes.reduce((total, s) => total + (s[axis] as number), 0);
    return output;
  }

  override computeMask(inputs: tf.Tensor | tf.Tensor[], mask?: tf.Tensor | null | (tf.Tensor | null)[]): tf.Tensor | null {
    const list = Array.isArray(inputs) ? inputs : [inputs];
    const rank = list[0]?.rank ?? 0;
    const axis = this.axis < 0 ? rank + this.axis : this.axis;
    // Masks are per step ([batch, time]); joining features (the last axis) keeps steps valid in all inputs.
    return axis === rank - 1 ? super.computeMask(inputs, mask) : null;
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), axis: this.axis };
  }
}
registerLayerClass(Concatenate);

/** Functional form of {@link Concatenate}: `concatenate([a, b], { axis })`. */
export function concatenate<Inputs extends MergeInputs>(inputs: Inputs, config: ConcatenateConfig = {}): MergeOutput<Inputs> {
  return applyMerge(new Concatenate(config), inputs);
}
