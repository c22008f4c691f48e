import type * as tf from '@tensorflow/tfjs-core';
import { gruWorkspaceWidth, KERAS_GRU_SEQUENCE_GRAD, type RecurrentSequenceAttributes } from '@keras-ts/backend-kit';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import type { KernelArguments } from '../backend/stock-kernels.js';
import { type HeapRows, runFormulaOnHeap, runFormulaOnRows } from './elementwise-simd.js';
import { copyRows, columnSums, f, heap, matMul, requireFloat32, sequenceDims, viewAs } from './recurrent-sequence.js';
import { ACCUMULATE, GRU_BACKWARD_STEP } from './recurrent-simd.js';
import { transposeLastTwo } from './transpose.js';

type Inputs = Record<'dSequence' | 'dLast' | 'dH' | 'x' | 'kernel' | 'recurrentKernel' | 'workspace', tf.TensorInfo | undefined>;

/**
 * KerasGRUSequenceGrad on 'wasm': per step (last first) the gradients of the input and recurrent
 * projections as a WebAssembly SIMD formula over the step's rows (recurrent-simd.ts; JavaScript on
 * heap views where it cannot run — the same bits) and one XNNPACK product (`dHZ·Uᵀ`), then `dx`, `dW`,
 * `dU` as one product each. Outputs `[dx, dKernel, dRecurrentKernel, dBias ([2, 3·units]), dInitialH]`.
 */
function kerasGRUSequenceGrad({ inputs, backend, attrs }: KernelArguments): tf.TensorInfo[] {
  const wasm = backend as BackendWasm;
  const { dSequence, dLast, dH, x, kernel, recurrentKernel, workspace } = inputs as Inputs;
  const { goBackwards } = attrs as unknown as RecurrentSequenceAttributes;
  const name = KERAS_GRU_SEQUENCE_GRAD;
  const [B, T, F, U] = sequenceDims(name, x, recurrentKernel, 3) as [number, number, number, number];
  const G = 3 * U;
  const W = gruWorkspaceWidth(U);
  requireFloat32(name, 'kernel', kernel, [F, G]);
  requireFloat32(name, 'dSequence', dSequence, [B, T, U]);
  for (const [label, info] of Object.entries({ dLast, dH })) requireFloat32(name, label, info, [B, U]);
  requireFloat32(name, 'workspace', workspace, [B, T, W]);
  const dInputInfo = wasm.makeOutput([1, B * T, G], 'float32');
  const dRecurrentPartInfo = wasm.makeOutput([1, B * T, G], 'float32');
  const stepInfo = wasm.makeOutput([1, B, G], 'float32');
  const previousHInfo = wasm.makeOutput([1, B * T, U], 'float32');
  const dhInfo = wasm.makeOutput([B, U], 'float32');
  const dBiasInfo = wasm.makeOutput([2, G], 'float32');
  // The output gradient carried back from step to step, on the heap so the SIMD formula reaches it.
  const dOutputInfo = wasm.makeOutput([B, U], 'float32');
  heap(wasm, dOutputInfo).set(heap(wasm, dLast!));
  heap(wasm, dhInfo).set(heap(wasm, dH!));
  // Uᵀ once, so each step's product runs untransposed (XNNPACK's fast path).
  const recurrentTransposed = transposeLastTwo(wasm, viewAs(recurrentKernel!, [1, U, G]));
  const rows = (view: Float32Array, at: number, stride: number): HeapRows => ({ view, at, stride });
  for (let step = T - 1; step >= 0; step--) {
    const t = goBackwards ? T - 1 - step : step;
    const ws = heap(wasm, workspace!);
    const upstream = heap(wasm, dSequence!);
    const dInput = heap(wasm, dInputInfo);
    const dRecurrentPart = heap(wasm, dRecurrentPartInfo);
    const dhzStep = heap(wasm, stepInfo);
    const dh = heap(wasm, dhInfo);
    const dOutput = heap(wasm, dOutputInfo);
    // Rows `first` … `first + count − 1` of the step as GRU_BACKWARD_STEP, with one `keep` for all of them.
    const stepRows = (first: number, count: number, keep: number): boolean =>
      runFormulaOnRows(
        wasm,
        GRU_BACKWARD_STEP,
        [
          ...Array.from({ length: 5 }, (_, segment) => rows(ws, (first * T + t) * W + segment * U, T * W)),
          rows(upstream, (first * T + step) * U, T * U),
          rows(dOutput, first * U, U),
          rows(dh, first * U, U),
          ...[dInput, dRecurrentPart].flatMap((target) => Array.from({ length: 3 }, (_, gate) => rows(target, (first * T + t) * G + gate * U, T * G))),
          ...Array.from({ length: 3 }, (_, gate) => rows(dhzStep, first * G + gate * U, G)),
        ],
        U,
        count,
        [keep, f(1 - keep), 1],
      );
    let unmasked = true;
    for (let s = 0; s < B && unmasked; s++) unmasked = ws[(s * T + t) * W + 5 * U] === 1;
    const allRowsDone = unmasked && stepRows(0, B, 1);
    for (let s = 0; s < B && !allRowsDone; s++) {
      const row = (s * T + t) * W;
      const keep = ws[row + 5 * U]!;
      if (stepRows(s, 1, keep)) continue;
      const carry = f(1 - keep);
      const zRow = (s * T + t) * G;
      for (let j = 0; j < U; j++) {
        const k = s * U + j;
        const update = ws[row + j]!;
        const reset = ws[row + U + j]!;
        const candidate = ws[row + 2 * U + j]!;
        const hCandidate = ws[row + 3 * U + j]!;
        const hPrevious = ws[row + 4 * U + j]!;
        const dOut = f(dOutput[k]! + upstream[(s * T + step) * U + j]!);
        const dhNew = f(f(dh[k]! * keep) + f(dOut * keep));
        const dCandidate = f(f(dhNew * f(1 - update)) * f(1 - f(candidate * candidate)));
        const dUpdate = f(f(dhNew * f(hPrevious - candidate)) * f(update * f(1 - update)));
        const dReset = f(f(dCandidate * hCandidate) * f(reset * f(1 - reset)));
        const dRecurrentCandidate = f(dCandidate * reset);
        dInput[zRow + j] = dRecurrentPart[zRow + j] = dhzStep[s * G + j] = dUpdate;
        dInput[zRow + U + j] = dRecurrentPart[zRow + U + j] = dhzStep[s * G + U + j] = dReset;
        dInput[zRow + 2 * U + j] = dCandidate;
        dRecurrentPart[zRow + 2 * U + j] = dhzStep[s * G + 2 * U + j] = dRecurrentCandidate;
        dh[k] = f(f(dh[k]! * carry) + f(dhNew * update));
        dOutput[k] = f(dOut * carry);
      }
    }
    const productInfo = matMul(wasm, stepInfo, recurrentTransposed);
    const product = heap(wasm, productInfo);
    const dhAfter = heap(wasm, dhInfo);
    const vectorised = runFormulaOnHeap(wasm, ACCUMULATE, [dhAfter, product], []);
    for (let k = vectorised; k < B * U; k++) dhAfter[k] = f(dhAfter[k]! + product[k]!);
    wasm.disposeData(productInfo.dataId);
  }
  wasm.disposeData(dOutputInfo.dataId);
  {
    const ws = heap(wasm, workspace!);
    const previousH = heap(wasm, previousHInfo);
    copyRows(ws, 4 * U, W, previousH, B * T, U);
    const dBias = heap(wasm, dBiasInfo);
    columnSums(wasm, heap(wasm, dInputInfo), B * T, G, dBias);
    columnSums(wasm, heap(wasm, dRecurrentPartInfo), B * T, G, dBias, G);
  }
  const dxInfo = matMul(wasm, dInputInfo, viewAs(kernel!, [1, F, G]), false, true);
  const dKernelInfo = matMul(wasm, viewAs(x!, [1, B * T, F]), dInputInfo, true, false);
  const dRecurrentInfo = matMul(wasm, previousHInfo, dRecurrentPartInfo, true, false);
  for (const info of [dInputInfo, dRecurrentPartInfo, stepInfo, previousHInfo]) wasm.disposeData(info.dataId);
  wasm.disposeData(recurrentTransposed.dataId);
  return [viewAs(dxInfo, [B, T, F]), viewAs(dKernelInfo, [F, G]), viewAs(dRecurrentInfo, [U, G]), dBiasInfo, dhInfo];
}

/** Registration of {@link kerasGRUSequenceGrad} on 'wasm', under the name backend-kit declares. */
export const kerasGRUSequenceGradConfig: tf.KernelConfig = {
  kernelName: KERAS_GRU_SEQUENCE_GRAD,
  backendName: 'wasm',
  kernelFunc: kerasGRUSequenceGrad as unknown as tf.KernelFunc,
};
