import type * as tf from '@tensorflow/tfjs-core';
import type { Initializer as CoreInitializer } from '@keras-ts/core';

/** Base class of initializers: `apply(shape, dtype)` returns a new tensor. */
export abstract class Initializer implements CoreInitializer {
  /** Keras class name, used in serialization. */
  static className = 'Initializer';

  /** Returns a new tensor of `shape`. */
  abstract apply(shape: number[], dtype?: tf.DataType): tf.Tensor;

  /** camelCase config that the constructor accepts back. */
  getConfig(): Record<string, unknown> {
    return {};
  }

  /** Keras class name of this initializer. */
  get className(): string {
    return (this.constructor as typeof Initializer).className;
  }
}

/** Keras's fan-in and fan-out of a weight shape (dense `[in, out]`, conv `[...kernel, in, out]`). */
export function computeFans(shape: number[]): { fanIn: number; fanOut: number } {
  if (shape.length === 0) return { fanIn: 1, fanOut: 1 };
  if (shape.length === 1) return { fanIn: shape[0]!, fanOut: shape[0]! };
  if (shape.length === 2) return { fanIn: shape[0]!, fanOut: shape[1]! };
  const receptive = shape.slice(0, -2).reduce((a, b) => a * b, 1);
  return { fanIn: shape[shape.length - 2]! * receptive, fanOut: shape[shape.length - 1]! * receptive };
}
