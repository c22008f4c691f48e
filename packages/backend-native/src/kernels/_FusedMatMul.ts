import * as tf from '@tensorflow/tfjs-core';
import { BACKEND_NAME, cpuFallback } from '../backend/host.js';
import type { NativeBackend } from '../backend/native-backend.js';
import { matMulHost, planMatMul } from './BatchMatMul.js';
import { applyBiasAndActivation } from './fused-activation.js';

/** _FusedMatMul: sgemm, then bias and activation applied in place on the product. */
export const fusedMatMulConfig: tf.KernelConfig = {
  kernelName: tf._FusedMatMul,
  backendName: BACKEND_NAME,
  kernelFunc: (args) => {
    const backend = args.backend as NativeBackend;
    const { a, b, bias, preluActivationWeights } = args.inputs as tf._FusedMatMulInputs & Record<string, tf.TensorInfo | undefined>;
    const tensors = [a, b, bias, preluActivationWeights].filter((t): t is tf.TensorInfo => t !== undefined);
    if (tensors.some((t) => t.dtype !== 'float32')) return cpuFallback(tf._FusedMatMul, args);
    const { transposeA, transposeB, activation, leakyreluAlpha } = args.attrs as unknown as tf._FusedMatMulAttrs;
    const plan = planMatMul(a.shape, b.shape, transposeA, transposeB);
    const values = matMulHost(backend.values(a) as Float32Array, backend.values(b) as Float32Array, plan, transposeA, transposeB);
    const operand = (t: tf.TensorInfo | undefined) => (t === undefined ? undefined : { values: backend.values(t), shape: t.shape });
    applyBiasAndActivation({ values, shape: plan.outShape }, operand(bias), activation, operand(preluActivationWeights), leakyreluAlpha);
    return backend.output(plan.outShape, 'float32', values);
  },
};
