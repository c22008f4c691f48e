import * as tf from '@tensorflow/tfjs-core';
import { UnaryOp } from '../native/op-codes.js';
import { castInfo, cudaBackendOf, deviceTypeOf } from './kernel-utils.js';

// The ~40 elementwise unary kernels differ only in their op code and attributes, so they are
// declared here as one table instead of one file each (STYLE.md's kernel-per-file rule would
// give forty identical five-line files).

/** Ops with an int32 implementation; any other op on int32 input computes in float32. */
const INT_OPS = new Set<number>([UnaryOp.Abs, UnaryOp.Neg, UnaryOp.Square, UnaryOp.Sign, UnaryOp.LogicalNot, UnaryOp.Relu, UnaryOp.ClipByValue]);
const PREDICATES = new Set<number>([UnaryOp.IsNan, UnaryOp.IsInf, UnaryOp.IsFinite, UnaryOp.LogicalNot]);

type AttributeReader = (attrs: tf.NamedAttrMap) => [number, number];
const noAttributes: AttributeReader = () => [0, 0];

function unaryKernel(kernelName: string, op: number, readAttributes: AttributeReader = noAttributes): tf.KernelConfig {
  return {
    kernelName,
    backendName: 'cuda',
    kernelFunc: ({ inputs, backend, attrs }) => {
      const cuda = cudaBackendOf(backend);
      const x = inputs.x as tf.TensorInfo;
      const [alpha, beta] = readAttributes(attrs ?? {});
      const size = tf.util.sizeFromShape(x.shape);
      if (op === UnaryOp.LogicalNot || (x.dtype !== 'float32' && INT_OPS.has(op))) {
        const out = cuda.makeOutput(x.shape, x.dtype);
        cuda.kernels.unary(op, deviceTypeOf(x.dtype), cuda.pointerOf(x), cuda.pointerOf(out), size, alpha, beta);
        return out;
      }
      // Math on int32 input computes in float32 and returns float32 (tfjs's ops cast first).
      const input = x.dtype === 'float32' ? x : castInfo(cuda, x, 'float32');
      const out = cuda.makeOutput(x.shape, PREDICATES.has(op) ? 'bool' : 'float32');
      cuda.kernels.unary(op, deviceTypeOf('float32'), cuda.pointerOf(input), cuda.pointerOf(out), size, alpha, beta);
      if (input !== x) cuda.disposeIntermediate(input);
      return out;
    },
  };
}

/** The unary elementwise kernels of the 'cuda' backend. */
export const unaryKernelConfigs: tf.KernelConfig[] = [
  unaryKernel(tf.Abs, UnaryOp.Abs),
  unaryKernel(tf.Neg, UnaryOp.Neg),
  unaryKernel(tf.Exp, UnaryOp.Exp),
  unaryKernel(tf.Expm1, UnaryOp.Expm1),
  unaryKernel(tf.Log, UnaryOp.Log),
  unaryKernel(tf.Log1p, UnaryOp.Log1p),
  unaryKernel(tf.Sqrt, UnaryOp.Sqrt),
  unaryKernel(tf.Rsqrt, UnaryOp.Rsqrt),
  unaryKernel(tf.Square, UnaryOp.Square),
  unaryKernel(tf.Reciprocal, UnaryOp.Reciprocal),
  unaryKernel(tf.Relu, UnaryOp.Relu),
  unaryKernel(tf.Relu6, UnaryOp.Relu6),
  unaryKernel(tf.Elu, UnaryOp.Elu),
  unaryKernel(tf.Selu, UnaryOp.Selu),
  unaryKernel(tf.Sigmoid, UnaryOp.Sigmoid),
  unaryKernel(tf.Tanh, UnaryOp.Tanh),
  unaryKernel(tf.Softplus, UnaryOp.Softplus),
  unaryKernel(tf.Sign, UnaryOp.Sign),
  unaryKernel(tf.Floor, UnaryOp.Floor),
  unaryKernel(tf.Ceil, UnaryOp.Ceil),
  unaryKernel(tf.Round, UnaryOp.Round),
  unaryKernel(tf.Sin, UnaryOp.Sin),
  unaryKernel(tf.Cos, UnaryOp.Cos),
  unaryKernel(tf.Tan, UnaryOp.Tan),
  unaryKernel(tf.Asin, UnaryOp.Asin),
  unaryKernel(tf.Acos, UnaryOp.Acos),
  unaryKernel(tf.Atan, UnaryOp.Atan),
  unaryKernel(tf.Sinh, UnaryOp.Sinh),
  unaryKernel(tf.Cosh, UnaryOp.Cosh),
  unaryKernel(tf.Asinh, UnaryOp.Asinh),
  unaryKernel(tf.Acosh, UnaryOp.Acosh),
  unaryKernel(tf.Atanh, UnaryOp.Atanh),
  unaryKernel(tf.Erf, UnaryOp.Erf),
  unaryKernel(tf.Step, UnaryOp.Step, (attrs) => [(attrs.alpha as number | undefined) ?? 0, 0]),
  unaryKernel(tf.LeakyRelu, UnaryOp.LeakyRelu, (attrs) => [(attrs.alpha as number | undefined) ?? 0.2, 0]),
  unaryKernel(tf.ClipByValue, UnaryOp.ClipByValue, (attrs) => [attrs.clipValueMin as number, attrs.clipValueMax as number]),
  unaryKernel(tf.IsNan, UnaryOp.IsNan),
  unaryKernel(tf.IsInf, UnaryOp.IsInf),
  unaryKernel(tf.IsFinite, UnaryOp.IsFinite),
  unaryKernel(tf.LogicalNot, UnaryOp.LogicalNot),
];
