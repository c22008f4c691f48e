import type * as tf from '@tensorflow/tfjs-core';
import { KERAS_LSTM_SEQUENCE, lstmWorkspaceWidth, type RecurrentSequenceAttributes } from '@keras-ts/backend-kit';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import type { KernelArguments } from '../backend/stock-kernels.js';
import { type HeapRows, runFormulaOnRows } from './elementwise-simd.js';
import { LSTM_CELL, LSTM_OUTPUT, LSTM_OUTPUT_MASKED, LSTM_PREACTIVATION, LSTM_PREACTIVATION_BIAS } from './recurrent-simd.js';
import { countLstmSteps, lstmStepRunner } from './lstm-step-simd.js';
import { copyRows, activate, blend, f, heap, matMul, requireFloat32, runStepsInRowBands, sequenceDims, viewAs } from './recurrent-sequence.js';

type Inputs = Record<'x' | 'kernel' | 'recurrentKernel' | 'bias' | 'initialH' | 'initialC' | 'mask', tf.TensorInfo | undefined>;

/**
 * KerasLSTMSequence on 'wasm': the input projection of every step is one product; then, where
 * the unit count is a multiple of 4 and the runtime has WebAssembly SIMD, each step is one call of
 * the fused step module (lstm-step-simd.ts). Otherwise each
 * step one more (`h·U`, on the state tensor itself), the stock Sigmoid (XNNPACK) over the step's
 * gate block and Tanh over its cell-input gate and new cell state, and the rest of the gate
 * arithmetic as WebAssembly SIMD formulas over the step's rows (recurrent-simd.ts; JavaScript on heap
 * views where the unit count is not a multiple of 4 or the runtime has no SIMD — the same bits). Outputs `[sequence, lastOutput, h, c, workspace]` as
 * backend-kit's `fusedLSTMSequence` declares.
 */
function kerasLSTMSequence({ inputs, backend, attrs }: KernelArguments): tf.TensorInfo[] {
  const wasm = backend as BackendWasm;
  const { x, kernel, recurrentKernel, bias, initialH, initialC, mask } = inputs as Inputs;
  const { goBackwards } = attrs as unknown as RecurrentSequenceAttributes;
  const [B, T, F, U] = sequenceDims(KERAS_LSTM_SEQUENCE, x, recurrentKernel, 4) as [number, number, number, number];
  const G = 4 * U;
  const W = lstmWorkspaceWidth(U);
  requireFloat32(KERAS_LSTM_SEQUENCE, 'kernel', kernel, [F, G]);
  requireFloat32(KERAS_LSTM_SEQUENCE, 'initialH', initialH, [B, U]);
  requireFloat32(KERAS_LSTM_SEQUENCE, 'initialC', initialC, [B, U]);
  if (bias !== undefined) requireFloat32(KERAS_LSTM_SEQUENCE, 'bias', bias, [G]);
  if (mask !== undefined) requireFloat32(KERAS_LSTM_SEQUENCE, 'mask', mask, [B, T]);
  const outputs = [
    wasm.makeOutput([B, T, U], 'float32'),
    wasm.makeOutput([B, U], 'float32'),
    wasm.makeOutput([B, U], 'float32'),
    wasm.makeOutput([B, U], 'float32'),
  ];
  const workspaceInfo = wasm.makeOutput([B, T, W], 'float32');
  const [sequenceInfo, lastInfo, hInfo, cInfo] = outputs as [tf.TensorInfo, tf.TensorInfo, tf.TensorInfo, tf.TensorInfo];
  const projectedInfo = matMul(wasm, viewAs(x!, [1, B * T, F]), viewAs(kernel!, [1, F, G]));
  const recurrent3d = viewAs(recurrentKernel!, [1, U, G]);
  const h3d = viewAs(hInfo, [1, B, U]);
  heap(wasm, hInfo).set(heap(wasm, initialH!));
  heap(wasm, cInfo).set(heap(wasm, initialC!));
  heap(wasm, lastInfo).fill(0);
  const runStep = lstmStepRunner(wasm, bias !== undefined, mask !== undefined, U);
  if (runStep !== undefined) {
    // One module call per step; heap byte offsets do not move while no tensor is made.
    const at = (info: tf.TensorInfo | undefined) => (info === undefined ? 0 : heap(wasm, info).byteOffset);
    const [xz, b, recurrent, h, c, ws, last, sequence, m] = [
      projectedInfo,
      bias,
      recurrentKernel,
      hInfo,
      cInfo,
      workspaceInfo,
      lastInfo,
      sequenceInfo,
      mask,
    ].map(at) as number[];
    // Call `step` for rows [first, first + count); rows are independent, so bands of them go to the heap helpers.
    const argsAt = (step: number, first: number, count: number) => {
      const t = goBackwards ? T - 1 - step : step;
      const [x4, h4] = [4 * T * G, 4 * U];
      return [
        ...[xz! + 4 * t * G + first * x4, x4, b!, recurrent!, h! + first * h4, c! + first * h4],
        ...[ws! + 4 * (t + first * T) * W, 4 * T * W, last! + first * h4, sequence! + 4 * (step + first * T) * U, 4 * T * U],
        ...[m! + 4 * (t + first * T), 4 * T, count],
      ];
    };
    runStepsInRowBands(runStep, B, T, argsAt, B * T * U * G);
    countLstmSteps('forward', T);
    wasm.disposeData(projectedInfo.dataId);
    return [...outputs, workspaceInfo];
  }
  const cNewInfo = wasm.makeOutput([B, U], 'float32');
  // The cell-input gate's pre-activations, contiguous: tanh runs on that block only (the stock
  // wasm Tanh is a scalar loop, ≈ 10 ns per element; over all four gates it was most of the step).
  const gInfo = wasm.makeOutput([B, U], 'float32');
  const rows = (view: Float32Array, at: number, stride: number): HeapRows => ({ view, at, stride });
  for (let step = 0; step < T; step++) {
    const t = goBackwards ? T - 1 - step : step;
    const zInfo = matMul(wasm, h3d, recurrent3d);
    {
      // z = (x·W + h·U) + b, in place of the product; then the cell-input gate's block copied out.
      const z = heap(wasm, zInfo);
      const xz = heap(wasm, projectedInfo);
      const b = bias === undefined ? undefined : heap(wasm, bias);
      const g = heap(wasm, gInfo);
      const preactivation = [rows(xz, t * G, T * G), rows(z, 0, G)];
      const simdDone =
        b === undefined
          ? runFormulaOnRows(wasm, LSTM_PREACTIVATION, preactivation, G, B, [])
          : runFormulaOnRows(wasm, LSTM_PREACTIVATION_BIAS, [...preactivation, rows(b, 0, 0)], G, B, []);
      for (let s = 0; s < B && !simdDone; s++) {
        const xRow = (s * T + t) * G;
        for (let j = 0; j < G; j++) {
          const sum = f(xz[xRow + j]! + z[s * G + j]!);
          z[s * G + j] = b === undefined ? sum : f(sum + b[j]!);
        }
      }
      copyRows(z, 2 * U, G, g, B, U);
    }
    // Sigmoid over every gate block (one vectorized XNNPACK call), tanh over the cell-input gate's.
    const sigmoidInfo = activate(wasm, 'Sigmoid', zInfo);
    const tanhInfo = activate(wasm, 'Tanh', gInfo);
    {
      const sig = heap(wasm, sigmoidInfo);
      const th = heap(wasm, tanhInfo);
      const c = heap(wasm, cInfo);
      const cNew = heap(wasm, cNewInfo);
      const cell = [rows(sig, U, G), rows(c, 0, U), rows(sig, 0, G), rows(th, 0, U), rows(cNew, 0, U)];
      if (!runFormulaOnRows(wasm, LSTM_CELL, cell, U, B, [])) {
        for (let s = 0; s < B; s++) {
          for (let j = 0; j < U; j++) {
            const k = s * U + j;
            cNew[k] = f(f(sig[s * G + U + j]! * c[k]!) + f(sig[s * G + j]! * th[k]!));
          }
        }
      }
    }
    const tanhCInfo = activate(wasm, 'Tanh', cNewInfo);
    const sig = heap(wasm, sigmoidInfo);
    const th = heap(wasm, tanhInfo);
    const tanhC = heap(wasm, tanhCInfo);
    const cNew = heap(wasm, cNewInfo);
    const m = mask === undefined ? undefined : heap(wasm, mask);
    const h = heap(wasm, hInfo);
    const c = heap(wasm, cInfo);
    const last = heap(wasm, lastInfo);
    const sequence = heap(wasm, sequenceInfo);
    const workspace = heap(wasm, workspaceInfo);
    // The step's outputs for rows `first` … `first + count − 1`, as LSTM_OUTPUT(_MASKED) lays out its arrays.
    const outputRows = (first: number, count: number, keep: number | undefined): boolean => {
      const arrays = [
        rows(sig, first * G, G),
        rows(sig, first * G + U, G),
        rows(th, first * U, U),
        rows(sig, first * G + 3 * U, G),
        rows(c, first * U, U),
        rows(tanhC, first * U, U),
        rows(h, first * U, U),
        rows(cNew, first * U, U),
        ...Array.from({ length: 7 }, (_, segment) => rows(workspace, (first * T + t) * W + segment * U, T * W)),
        rows(last, first * U, U),
        rows(sequence, (first * T + step) * U, T * U),
      ];
      return keep === undefined
        ? runFormulaOnRows(wasm, LSTM_OUTPUT, arrays, U, count, [])
        : runFormulaOnRows(wasm, LSTM_OUTPUT_MASKED, arrays, U, count, [keep, f(1 - keep)]);
    };
    const allRowsDone = m === undefined && outputRows(0, B, undefined);
    for (let s = 0; s < B; s++) {
      const row = (s * T + t) * W;
      const keep = m === undefined ? 1 : m[s * T + t]!;
      workspace[row + 7 * U] = keep;
      if (allRowsDone || (m !== undefined && outputRows(s, 1, keep))) continue;
      for (let j = 0; j < U; j++) {
        const k = s * U + j;
        const o = sig[s * G + 3 * U + j]!;
        const cPrevious = c[k]!;
        const hPrevious = h[k]!;
        const cNext = cNew[k]!;
        const hNew = f(o * tanhC[k]!);
        workspace[row + j] = sig[s * G + j]!;
        workspace[row + U + j] = sig[s * G + U + j]!;
        workspace[row + 2 * U + j] = th[k]!;
        workspace[row + 3 * U + j] = o;
        workspace[row + 4 * U + j] = cPrevious;
        workspace[row + 5 * U + j] = tanhC[k]!;
        workspace[row + 6 * U + j] = hPrevious;
        if (m === undefined) {
          last[k] = h[k] = hNew;
          c[k] = cNext;
        } else {
          last[k] = blend(hNew, last[k]!, keep);
          h[k] = blend(hNew, hPrevious, keep);
          c[k] = blend(cNext, cPrevious, keep);
        }
        sequence[(s * T + step) * U + j] = last[k]!;
      }
    }
    for (const info of [zInfo, sigmoidInfo, tanhInfo, tanhCInfo]) wasm.disposeData(info.dataId);
  }
  wasm.disposeData(cNewInfo.dataId);
  wasm.disposeData(gInfo.dataId);
  wasm.disposeData(projectedInfo.dataId);
  return [...outputs, workspaceInfo];
}

/** Registration of {@link kerasLSTMSequence} on 'wasm', under the name backend-kit declares. */
export const kerasLSTMSequenceConfig: tf.KernelConfig = {
  kernelName: KERAS_LSTM_SEQUENCE,
  backendName: 'wasm',
  kernelFunc: kerasLSTMSequence as unknown as tf.KernelFunc,
};
