import * as tf from '@tensorflow/tfjs-core';
import { ValueError } from '@keras-ts/common';
import { BinaryOp, FusedActivation, UnaryOp } from '../native/op-codes.js';
import { binaryInfo } from './binary.js';
import { cudaBackendOf } from './kernel-utils.js';
import { batchMatMulInfo } from './matmul-utils.js';

const UNARY_ACTIVATIONS: Record<string, number> = {
  relu: UnaryOp.Relu,
  relu6: UnaryOp.Relu6,
  elu: UnaryOp.Elu,
  sigmoid: UnaryOp.Sigmoid,
  leakyrelu: UnaryOp.LeakyRelu,
};

/**
 * The '_FusedMatMul' kernel on 'cuda': cuBLAS SGEMM, then one epilogue kernel adding the bias
 * and applying the activation in place. A bias or PReLU alpha that is not a per-column vector
 * (or scalar) goes through the broadcasting kernels instead.
 */
export const FusedMatMulConfig: tf.KernelConfig = {
  kernelName: tf._FusedMatMul,
  backendName: 'cuda',
  kernelFunc: ({ inputs, backend, attrs }) => {
    const cuda = cudaBackendOf(backend);
    const { a, b, bias, preluActivationWeights } = inputs as unknown as tf._FusedMatMulInputs;
    const { transposeA, transposeB, activation, leakyreluAlpha } = attrs as unknown as tf._FusedMatMulAttrs;
    const product = batchMatMulInfo(cuda, a, b, transposeA, transposeB);
    const columns = product.shape[product.shape.length - 1] as number;
    const size = tf.util.sizeFromShape(product.shape);
    const isVector = (info: tf.TensorInfo | undefined): boolean =>
      info === undefined || (info.dtype === 'float32' && (tf.util.sizeFromShape(info.shape) === 1 || (info.shape.length === 1 && info.shape[0] === columns)));
    const code = FusedActivation[activation as keyof typeof FusedActivation];
    if (code === undefined)
      throw new ValueError(`cuda _FusedMatMul: unknown activation '${activation}'; expected one of ${Object.keys(FusedActivation).join(', ')}.`);
    if (isVector(bias) && isVector(preluActivationWeights)) {
      cuda.kernels.biasActivation(
        cuda.pointerOf(product),
        size,
        columns,
        bias === undefined ? null : cuda.pointerOf(bias),
        bias === undefined ? 0 : tf.util.sizeFromShape(bias.shape),
        code,
        preluActivationWeights === undefined ? null : cuda.pointerOf(preluActivationWeights),
        preluActivationWeights === undefined ? 0 : tf.util.sizeFromShape(preluActivationWeights.shape),
        leakyreluAlpha ?? 0.2,
      );
      return product;
    }
    let result = product;
    if (bias !== undefined) {
      result = binaryInfo(cuda, BinaryOp.Add, product, bias);
      cuda.disposeIntermediate(product);
    }
    if (activation === 'prelu' && preluActivationWeights !== undefined) {
      const activated = binaryInfo(cuda, BinaryOp.Prelu, result, preluActivationWeights);
      cuda.disposeIntermediate(result);
      return activated;
    }
    const unary = UNARY_ACTIVATIONS[activation ?? 'linear'];
    if (unary !== undefined) cuda.kernels.unary(unary, 0, cuda.pointerOf(result), cuda.pointerOf(result), size, leakyreluAlpha ?? 0.2, 0);
    return result;
  },
};
