import type * as tf from '@tensorflow/tfjs-core';
import { ShapeError } from '@keras-ts/common';
import { requireFloat32Inputs } from '../backend/host.js';

/** `[batch, time, features, units]` of a whole-sequence recurrent kernel, checked against its inputs. */
export function sequenceDims(kernelName: string, x: tf.TensorInfo | undefined, recurrentKernel: tf.TensorInfo | undefined, gates: number): number[] {
  if (x === undefined || x.shape.length !== 3 || recurrentKernel === undefined || recurrentKernel.shape.length !== 2)
    throw new ShapeError(
      `${kernelName}: x must be [batch, time, features] and recurrentKernel [units, ${gates}·units], got x [${x?.shape ?? ''}] and recurrentKernel [${recurrentKernel?.shape ?? ''}].`,
    );
  const [batch, time, features] = x.shape as [number, number, number];
  const units = recurrentKernel.shape[0]!;
  requireFloat32Inputs(kernelName, { x }, [batch, time, features]);
  requireFloat32Inputs(kernelName, { recurrentKernel }, [units, gates * units]);
  return [batch, time, features, units];
}
