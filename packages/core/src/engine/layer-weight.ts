import * as tf from '@tensorflow/tfjs-core';
import { ShapeError } from '../errors/errors.js';
import type { Constraint, Regularizer } from './types.js';
import { weightStructureChanged } from './weight-structure.js';

let nextVariableId = 0;

/**
 * A weight owned by a layer: a tfjs Variable plus Keras's metadata (path name, trainability,
 * regularizer, constraint).
 */
export class LayerWeight {
  /** The backing variable (its tfjs name is made unique; use `name` for display). */
  readonly variable: tf.Variable;

  constructor(
    /** Keras path name, e.g. `dense/kernel`. */
    readonly name: string,
    initialValue: tf.Tensor,
    trainable: boolean,
    /** Penalty added to the loss. */
    readonly regularizer?: Regularizer,
    /** Projection applied after each update. */
    readonly constraint?: Constraint,
  ) {
    this.variable = tf.variable(initialValue, true, `${name}_${nextVariableId++}`, initialValue.dtype);
    this.trainableFlag = trainable;
  }

  private trainableFlag: boolean;

  /** Whether the optimizer updates it (if its layer is trainable too). */
  get trainable(): boolean {
    return this.trainableFlag;
  }
  set trainable(value: boolean) {
    this.trainableFlag = value;
    weightStructureChanged();
  }

  /** Shape of the weight. */
  get shape(): number[] {
    return this.variable.shape;
  }

  /** Element type of the weight. */
  get dtype(): tf.DataType {
    return this.variable.dtype;
  }

  /** Number of scalars in the weight. */
  get size(): number {
    return this.variable.size;
  }

  /** Replaces the value, checking shape. */
  assign(value: tf.Tensor): void {
    if (!tf.util.arraysEqual(value.shape, this.variable.shape)) {
      throw new ShapeError(`Weight '${this.name}' has shape [${this.variable.shape.join(', ')}], got a value of shape [${value.shape.join(', ')}].`);
    }
    this.variable.assign(value.dtype === this.variable.dtype ? value : tf.cast(value, this.variable.dtype));
  }

  /** Frees the variable. */
  dispose(): void {
    this.variable.dispose();
  }
}
