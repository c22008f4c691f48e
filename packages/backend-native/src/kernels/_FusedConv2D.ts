import * as tf from '@tensorflow/tfjs-core';
import { ValueError } from '@keras-ts/common';
import { BACKEND_NAME, cpuFallback } from '../backend/host.js';
import type { NativeBackend } from '../backend/native-backend.js';
import { conv2dHost } from './Conv2D.js';
import { applyBiasAndActivation } from './fused-activation.js';

/** _FusedConv2D (NHWC): conv2d, then bias and activation in place. NCHW falls back (counted). */
export const fusedConv2DConfig: tf.KernelConfig = {
  kernelName: tf.FusedConv2D,
  backendName: BACKEND_NAME,
  kernelFunc: (args) => {
    const backend = args.backend as NativeBackend;
    const { x, filter, bias, preluActivationWeights } = args.inputs as Record<string, tf.TensorInfo | undefined>;
    const attrs = args.attrs as unknown as tf.FusedConv2DAttrs;
    if (x === undefined || filter === undefined) throw new ValueError('_FusedConv2D: inputs x and filter are required.');
    const tensors = [x, filter, bias, preluActivationWeights].filter((t): t is tf.TensorInfo => t !== undefined);
    if (attrs.dataFormat === 'NCHW' || tensors.some((t) => t.dtype !== 'float32')) return cpuFallback(tf.FusedConv2D, args);
    const info = tf.backend_util.computeConv2DInfo(
      x.shape as [number, number, number, number],
      filter.shape as [number, number, number, number],
      attrs.strides,
      attrs.dilations,
      attrs.pad,
      attrs.dimRoundingMode,
      false,
      'channelsLast',
    );
    const { values, nhwcShape } = conv2dHost(backend, x, filter, info);
    const operand = (t: tf.TensorInfo | undefined) => (t === undefined ? undefined : { values: backend.values(t), shape: t.shape });
    applyBiasAndActivation({ values, shape: nhwcShape }, operand(bias), attrs.activation, operand(preluActivationWeights), attrs.leakyreluAlpha);
    return backend.output(nhwcShape, 'float32', values);
  },
};
