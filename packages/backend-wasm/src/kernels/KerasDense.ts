import * as tf from '@tensorflow/tfjs-core';
import { type DenseActivation, type DenseAttributes, KERAS_DENSE } from '@keras-ts/backend-kit';
import { InternalError, ShapeError } from '@keras-ts/common';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import type { KernelArguments } from '../backend/stock-kernels.js';
import { batchMatMulWithPlan, planMatMul } from './BatchMatMul.js';
import { runFormulaOnRows, type SimdFormula, simd } from './elementwise-simd.js';
import { heap, requireFloat32 } from './kernel-inputs.js';

// A Dense layer's forward pass in one kernel. Through tfjs-core's ops a training step runs it as
// MatMul, Add and the activation (tfjs-core's fused matMul does not fuse while gradients are
// recorded), each a kernel with its own output; here the product (BatchMatMul's plan: the SIMD heap
// product or XNNPACK) is followed by one pass over it, in place, that adds the bias and applies
// relu. Sigmoid, tanh and softmax then run the backend's own kernel on that sum, as the unfused
// chain does. Every value is the chain's: the product, then `z + b` rounded once, then relu.

/** `y = relu(y + b)`, `y = y + b` and `y = relu(y)`, row by row (b: a row of stride 0). */
const BIAS_RELU: SimdFormula = {
  arrays: 2,
  scalars: 0,
  statements: [
    { let: 'z', value: simd.add(simd.array(0), simd.array(1)) },
    { store: 0, value: simd.relu('z') },
  ],
};
const BIAS: SimdFormula = { arrays: 2, scalars: 0, statements: [{ store: 0, value: simd.add(simd.array(0), simd.array(1)) }] };
const RELU: SimdFormula = {
  arrays: 1,
  scalars: 0,
  statements: [
    { let: 'z', value: simd.array(0) },
    { store: 0, value: simd.relu('z') },
  ],
};

/** The wasm kernel (and its input name) that applies an activation after the bias. */
const ACTIVATION_KERNELS: Partial<Record<DenseActivation, { name: string; input: string; attrs: tf.NamedAttrMap }>> = {
  sigmoid: { name: tf.Sigmoid, input: 'x', attrs: {} },
  tanh: { name: tf.Tanh, input: 'x', attrs: {} },
  softmax: { name: tf.Softmax, input: 'logits', attrs: { dim: 1 } }, // the last axis of the [m, n] sum, as tf.softmax passes it
};

/** Adds `bias` to every row of the `[m, n]` product and applies relu when asked, in place on the heap. */
function biasAndRelu(wasm: BackendWasm, product: tf.TensorInfo, bias: tf.TensorInfo | undefined, relu: boolean, m: number, n: number): void {
  const y = heap(wasm, product);
  const b = bias === undefined ? undefined : heap(wasm, bias);
  const arrays =
    b === undefined
      ? [{ view: y, at: 0, stride: n }]
      : [
          { view: y, at: 0, stride: n },
          { view: b, at: 0, stride: 0 },
        ];
  const formula = b === undefined ? RELU : relu ? BIAS_RELU : BIAS;
  if (runFormulaOnRows(wasm, formula, arrays, n, m, [])) return;
  // Rows whose length is not a multiple of 4, or no WebAssembly SIMD: the same operations in JavaScript.
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      const at = i * n + j;
      const z = b === undefined ? y[at]! : Math.fround(y[at]! + b[j]!);
      y[at] = relu && z < 0 ? 0 : z;
    }
  }
}

function kerasDense({ inputs, backend, attrs }: KernelArguments): tf.TensorInfo {
  const wasm = backend as BackendWasm;
  const { x, kernel, bias } = inputs as Record<'x' | 'kernel' | 'bias', tf.TensorInfo | undefined>;
  const { activation } = attrs as unknown as DenseAttributes;
  if (x === undefined || x.shape.length !== 2 || kernel === undefined || kernel.shape.length !== 2)
    throw new ShapeError(`${KERAS_DENSE}: x and kernel must be matrices, got x [${x?.shape ?? ''}] and kernel [${kernel?.shape ?? ''}].`);
  const [m, k] = x.shape as [number, number];
  const n = kernel.shape[1]!;
  requireFloat32(KERAS_DENSE, 'x', x, [m, k]);
  requireFloat32(KERAS_DENSE, 'kernel', kernel, [k, n]);
  if (bias !== undefined) requireFloat32(KERAS_DENSE, 'bias', bias, [n]);
  const after = ACTIVATION_KERNELS[activation];
  if (after === undefined && activation !== 'linear' && activation !== 'relu') throw new InternalError(`${KERAS_DENSE}: unknown activation '${activation}'.`);
  const product = batchMatMulWithPlan(wasm, x, kernel, false, false, planMatMul(wasm, x, kernel, false, false));
  try {
    if (bias !== undefined || activation === 'relu') biasAndRelu(wasm, product, bias, activation === 'relu', m, n);
    if (after === undefined) return product;
    // The registered kernel, called directly (a compiled step's plan calls kernels, not ops).
    const activated = tf.getKernel(after.name, 'wasm')!.kernelFunc({ inputs: { [after.input]: product }, backend: wasm, attrs: after.attrs }) as tf.TensorInfo;
    wasm.disposeData(product.dataId);
    return activated;
  } catch (error) {
    wasm.disposeData(product.dataId);
    throw error;
  }
}

/**
 * KerasDense for 'wasm' (backend-kit's fused Dense op): inputs `x` `[m, k]`, `kernel` `[k, n]`,
 * optional `bias` `[n]`, float32; output `activation(x · kernel + bias)` `[m, n]` — the product,
 * then one in-place pass for the bias and relu, then the backend's sigmoid, tanh or softmax kernel.
 */
export const kerasDenseConfig: tf.KernelConfig = {
  kernelName: KERAS_DENSE,
  backendName: 'wasm',
  kernelFunc: kerasDense as unknown as tf.KernelFunc,
};
