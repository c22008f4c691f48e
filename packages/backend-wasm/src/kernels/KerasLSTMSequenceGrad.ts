import type * as tf from '@tensorflow/tfjs-core';
import { KERAS_LSTM_SEQUENCE_GRAD, lstmWorkspaceWidth, type RecurrentSequenceAttributes } from '@keras-ts/backend-kit';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import type { KernelArguments } from '../backend/stock-kernels.js';
import { type HeapRows, runFormulaOnHeap, runFormulaOnRows } from './elementwise-simd.js';
import { ACCUMULATE, LSTM_BACKWARD_STEP } from './recurrent-simd.js';
import { countLstmSteps, lstmBackwardStepRunner } from './lstm-step-simd.js';
import { copyRows, columnSums, f, heap, matMul, requireFloat32, runStepsInRowBands, sequenceDims, viewAs } from './recurrent-sequence.js';
import { transposeLastTwo } from './transpose.js';

type Inputs = Record<'dSequence' | 'dLast' | 'dH' | 'dC' | 'x' | 'kernel' | 'recurrentKernel' | 'workspace', tf.TensorInfo | undefined>;

/**
 * KerasLSTMSequenceGrad on 'wasm': where the unit count is a multiple of 4 and the runtime has
 * WebAssembly SIMD, each step (last first) is one call of the backward step module
 * (lstm-step-simd.ts: the pre-activation gradients and `dh += dz·Uᵀ`). Otherwise the step
 * gradients of the gate pre-activations are computed as a WebAssembly SIMD formula over the
 * step's rows (recurrent-simd.ts; JavaScript on heap views where that cannot run — the same
 * bits), last step first, with one product per step (`dz·Uᵀ`). Then `dx`, `dW` and `dU` are one
 * product each over all steps. Outputs `[dx, dKernel,
 * dRecurrentKernel, dBias, dInitialH, dInitialC]`.
 */
function kerasLSTMSequenceGrad({ inputs, backend, attrs }: KernelArguments): tf.TensorInfo[] {
  const wasm = backend as BackendWasm;
  const { dSequence, dLast, dH, dC, x, kernel, recurrentKernel, workspace } = inputs as Inputs;
  const { goBackwards } = attrs as unknown as RecurrentSequenceAttributes;
  const name = KERAS_LSTM_SEQUENCE_GRAD;
  const [B, T, F, U] = sequenceDims(name, x, recurrentKernel, 4) as [number, number, number, number];
  const G = 4 * U;
  const W = lstmWorkspaceWidth(U);
  requireFloat32(name, 'kernel', kernel, [F, G]);
  requireFloat32(name, 'dSequence', dSequence, [B, T, U]);
  for (const [label, info] of Object.entries({ dLast, dH, dC })) requireFloat32(name, label, info, [B, U]);
  requireFloat32(name, 'workspace', workspace, [B, T, W]);
  const dZInfo = wasm.makeOutput([1, B * T, G], 'float32');
  const previousHInfo = wasm.makeOutput([1, B * T, U], 'float32');
  const dhInfo = wasm.makeOutput([B, U], 'float32');
  const dcInfo = wasm.makeOutput([B, U], 'float32');
  const dBiasInfo = wasm.makeOutput([G], 'float32');
  // The output gradient carried back from step to step, on the heap so the SIMD formula reaches it.
  const dOutputInfo = wasm.makeOutput([B, U], 'float32');
  heap(wasm, dOutputInfo).set(heap(wasm, dLast!));
  heap(wasm, dhInfo).set(heap(wasm, dH!));
  heap(wasm, dcInfo).set(heap(wasm, dC!));
  // Uᵀ once, so each step's product runs untransposed (XNNPACK's fast path).
  const recurrentTransposed = transposeLastTwo(wasm, viewAs(recurrentKernel!, [1, U, G]));
  const rows = (view: Float32Array, at: number, stride: number): HeapRows => ({ view, at, stride });
  const runStep = lstmBackwardStepRunner(wasm, U);
  // The per-step chain's block of the step's pre-activation gradients (the module needs none).
  const stepInfo = runStep === undefined ? wasm.makeOutput([1, B, G], 'float32') : undefined;
  if (runStep !== undefined) {
    // One module call per step; heap byte offsets do not move while no tensor is made.
    const [ws, upstream, dOutput, dh, dc, dZ, recurrentT] = [workspace!, dSequence!, dOutputInfo, dhInfo, dcInfo, dZInfo, recurrentTransposed].map(
      (info) => heap(wasm, info).byteOffset,
    ) as number[];
    // Call `call` (the last step first) for rows [first, first + count); bands of rows go to the heap helpers.
    const argsAt = (call: number, first: number, count: number) => {
      const step = T - 1 - call;
      const t = goBackwards ? T - 1 - step : step;
      const h4 = 4 * U;
      return [
        ...[ws! + 4 * (t + first * T) * W, 4 * T * W, upstream! + 4 * (step + first * T) * U, 4 * T * U],
        ...[dOutput! + first * h4, dh! + first * h4, dc! + first * h4, dZ! + 4 * (t + first * T) * G, 4 * T * G, recurrentT!, count],
      ];
    };
    runStepsInRowBands(runStep, B, T, argsAt, B * T * U * G);
    countLstmSteps('backward', T);
  }
  for (let step = T - 1; step >= 0 && runStep === undefined; step--) {
    const t = goBackwards ? T - 1 - step : step;
    const ws = heap(wasm, workspace!);
    const upstream = heap(wasm, dSequence!);
    const dZ = heap(wasm, dZInfo);
    const dzStep = heap(wasm, stepInfo!);
    const dh = heap(wasm, dhInfo);
    const dc = heap(wasm, dcInfo);
    const dOutput = heap(wasm, dOutputInfo);
    // Rows `first` … `first + count − 1` of the step as LSTM_BACKWARD_STEP, with one `keep` for all of them.
    const stepRows = (first: number, count: number, keep: number): boolean =>
      runFormulaOnRows(
        wasm,
        LSTM_BACKWARD_STEP,
        [
          ...Array.from({ length: 6 }, (_, segment) => rows(ws, (first * T + t) * W + segment * U, T * W)),
          rows(upstream, (first * T + step) * U, T * U),
          rows(dOutput, first * U, U),
          rows(dh, first * U, U),
          rows(dc, first * U, U),
          ...Array.from({ length: 4 }, (_, gate) => rows(dZ, (first * T + t) * G + gate * U, T * G)),
          ...Array.from({ length: 4 }, (_, gate) => rows(dzStep, first * G + gate * U, G)),
        ],
        U,
        count,
        [keep, f(1 - keep), 1],
      );
    let unmasked = true;
    for (let s = 0; s < B && unmasked; s++) unmasked = ws[(s * T + t) * W + 7 * U] === 1;
    const allRowsDone = unmasked && stepRows(0, B, 1);
    for (let s = 0; s < B && !allRowsDone; s++) {
      const row = (s * T + t) * W;
      const keep = ws[row + 7 * U]!;
      if (stepRows(s, 1, keep)) continue;
      const carry = f(1 - keep);
      const zRow = (s * T + t) * G;
      for (let j = 0; j < U; j++) {
        const k = s * U + j;
        const i = ws[row + j]!;
        const fg = ws[row + U + j]!;
        const g = ws[row + 2 * U + j]!;
        const o = ws[row + 3 * U + j]!;
        const cPrevious = ws[row + 4 * U + j]!;
        const tanhC = ws[row + 5 * U + j]!;
        const dOut = f(dOutput[k]! + upstream[(s * T + step) * U + j]!);
        const dhNew = f(f(dh[k]! * keep) + f(dOut * keep));
        const dcNew = f(f(dc[k]! * keep) + f(f(dhNew * o) * f(1 - f(tanhC * tanhC))));
        const dzi = f(f(dcNew * g) * f(i * f(1 - i)));
        const dzf = f(f(dcNew * cPrevious) * f(fg * f(1 - fg)));
        const dzg = f(f(dcNew * i) * f(1 - f(g * g)));
        const dzo = f(f(dhNew * tanhC) * f(o * f(1 - o)));
        dZ[zRow + j] = dzStep[s * G + j] = dzi;
        dZ[zRow + U + j] = dzStep[s * G + U + j] = dzf;
        dZ[zRow + 2 * U + j] = dzStep[s * G + 2 * U + j] = dzg;
        dZ[zRow + 3 * U + j] = dzStep[s * G + 3 * U + j] = dzo;
        dh[k] = f(dh[k]! * carry);
        dc[k] = f(f(dc[k]! * carry) + f(dcNew * fg));
        dOutput[k] = f(dOut * carry);
      }
    }
    const productInfo = matMul(wasm, stepInfo!, recurrentTransposed);
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
    copyRows(ws, 6 * U, W, previousH, B * T, U);
    columnSums(wasm, heap(wasm, dZInfo), B * T, G, heap(wasm, dBiasInfo));
  }
  const dxInfo = matMul(wasm, dZInfo, viewAs(kernel!, [1, F, G]), false, true);
  const dKernelInfo = matMul(wasm, viewAs(x!, [1, B * T, F]), dZInfo, true, false);
  const dRecurrentInfo = matMul(wasm, previousHInfo, dZInfo, true, false);
  for (const info of [dZInfo, stepInfo, previousHInfo]) if (info !== undefined) wasm.disposeData(info.dataId);
  wasm.disposeData(recurrentTransposed.dataId);
  return [viewAs(dxInfo, [B, T, F]), viewAs(dKernelInfo, [F, G]), viewAs(dRecurrentInfo, [U, G]), dBiasInfo, dhInfo, dcInfo];
}

/** Registration of {@link kerasLSTMSequenceGrad} on 'wasm', under the name backend-kit declares. */
export const kerasLSTMSequenceGradConfig: tf.KernelConfig = {
  kernelName: KERAS_LSTM_SEQUENCE_GRAD,
  backendName: 'wasm',
  kernelFunc: kerasLSTMSequenceGrad as unknown as tf.KernelFunc,
};
