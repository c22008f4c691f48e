import * as tf from '@tensorflow/tfjs-core';
import { BackendError } from '@keras-ts/common';
import { nativeAddon } from '../addon/load.js';
import { allocate, BACKEND_NAME, cpuFallback } from '../backend/host.js';
import type { NativeBackend } from '../backend/native-backend.js';

// The ~40 elementwise unary kernels differ only in the op code they pass to one C++ entry
// point, so they are declared as one table here rather than as 40 one-line files.

/** How a unary kernel picks its output dtype. */
type UnaryKind = 'preserve' | 'float' | 'predicate' | 'logical';

interface UnarySpec {
  kind: UnaryKind;
  /** Reads the scalar attributes passed to the C++ op (alpha, beta). */
  attrs?: (attrs: tf.NamedAttrMap) => [number, number];
}

const unarySpecs: Record<string, UnarySpec> = {
  Abs: { kind: 'preserve' },
  Neg: { kind: 'preserve' },
  Square: { kind: 'preserve' },
  Sign: { kind: 'preserve' },
  Relu: { kind: 'preserve' },
  Exp: { kind: 'float' },
  Expm1: { kind: 'float' },
  Log: { kind: 'float' },
  Log1p: { kind: 'float' },
  Sqrt: { kind: 'float' },
  Rsqrt: { kind: 'float' },
  Reciprocal: { kind: 'float' },
  Sigmoid: { kind: 'float' },
  Tanh: { kind: 'float' },
  Relu6: { kind: 'float' },
  Elu: { kind: 'float' },
  Selu: { kind: 'float' },
  Softplus: { kind: 'float' },
  Step: { kind: 'float', attrs: (attrs) => [Number(attrs.alpha ?? 0), 0] },
  LeakyRelu: { kind: 'float', attrs: (attrs) => [Number(attrs.alpha ?? 0.2), 0] },
  Floor: { kind: 'float' },
  Ceil: { kind: 'float' },
  Round: { kind: 'float' },
  Sin: { kind: 'float' },
  Cos: { kind: 'float' },
  Tan: { kind: 'float' },
  Asin: { kind: 'float' },
  Acos: { kind: 'float' },
  Atan: { kind: 'float' },
  Sinh: { kind: 'float' },
  Cosh: { kind: 'float' },
  Asinh: { kind: 'float' },
  Acosh: { kind: 'float' },
  Atanh: { kind: 'float' },
  Erf: { kind: 'float' },
  ClipByValue: {
    kind: 'float',
    attrs: (attrs) => [Number(attrs.clipValueMin), Number(attrs.clipValueMax)],
  },
  IsNan: { kind: 'predicate' },
  IsInf: { kind: 'predicate' },
  IsFinite: { kind: 'predicate' },
  LogicalNot: { kind: 'logical' },
};

function outputDtype(kind: UnaryKind, dtype: tf.DataType): tf.DataType | undefined {
  const numeric = dtype === 'float32' || dtype === 'int32';
  if (kind === 'preserve') return numeric ? dtype : undefined;
  if (kind === 'float') return numeric ? 'float32' : undefined;
  if (kind === 'predicate') return numeric ? 'bool' : undefined;
  return dtype === 'bool' ? 'bool' : undefined;
}

function unaryConfig(kernelName: string, spec: UnarySpec, opCode: number): tf.KernelConfig {
  return {
    kernelName,
    backendName: BACKEND_NAME,
    kernelFunc: (args) => {
      const backend = args.backend as NativeBackend;
      const x = args.inputs.x as tf.TensorInfo;
      const dtype = outputDtype(spec.kind, x.dtype);
      if (dtype === undefined) return cpuFallback(kernelName, args);
      const [alpha, beta] = spec.attrs?.(args.attrs ?? {}) ?? [0, 0];
      const out = allocate(dtype, tf.util.sizeFromShape(x.shape), false);
      nativeAddon().unary(opCode, backend.values(x), out, alpha, beta);
      return backend.output(x.shape, dtype, out);
    },
  };
}

/** Kernel configs for every unary op the addon implements. */
export function unaryKernelConfigs(): tf.KernelConfig[] {
  const codes = nativeAddon().unaryOps;
  return Object.entries(unarySpecs).map(([name, spec]) => {
    const code = codes.indexOf(name);
    if (code < 0) throw new BackendError(`@keras-ts/backend-native: the addon lacks unary op '${name}'; rebuild it.`);
    return unaryConfig(name, spec, code);
  });
}
