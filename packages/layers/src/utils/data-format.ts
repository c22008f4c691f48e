import * as tf from '@tensorflow/tfjs-core';
import type { Shape } from '@keras-ts/core';
import type { DataFormat } from './arguments.js';

/** Moves the channel axis from position 1 to last (`[b, c, …]` → `[b, …, c]`) for channelsFirst inputs. */
export function toChannelsLast(x: tf.Tensor, format: DataFormat): tf.Tensor {
  if (format === 'channelsLast') return x;
  const spatial = Array.from({ length: x.rank - 2 }, (_, i) => i + 2);
  return tf.transpose(x, [0, ...spatial, 1]);
}

/** Inverse of {@link toChannelsLast}. */
export function fromChannelsLast(x: tf.Tensor, format: DataFormat): tf.Tensor {
  if (format === 'channelsLast') return x;
  const spatial = Array.from({ length: x.rank - 2 }, (_, i) => i + 1);
  return tf.transpose(x, [0, x.rank - 1, ...spatial]);
}

/** A shape with its channel axis last, whatever the format. */
export function shapeToChannelsLast(shape: Shape, format: DataFormat): Shape {
  if (format === 'channelsLast') return shape;
  return [shape[0] ?? null, ...shape.slice(2), shape[1] ?? null];
}

/** Inverse of {@link shapeToChannelsLast}. */
export function shapeFromChannelsLast(shape: Shape, format: DataFormat): Shape {
  if (format === 'channelsLast') return shape;
  return [shape[0] ?? null, shape[shape.length - 1] ?? null, ...shape.slice(1, -1)];
}
