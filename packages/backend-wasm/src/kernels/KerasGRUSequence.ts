import type * as tf from '@tensorflow/tfjs-core';
import { gruWorkspaceWidth, KERAS_GRU_SEQUENCE, type RecurrentSequenceAttributes } from '@keras-ts/backend-kit';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import type { KernelArguments } from '../backend/stock-kernels.js';
import { type HeapRows, runFormulaOnRows } from './elementwise-simd.js';
import { activate, blend, f, heap, matMul, requireFloat32, sequenceDims, viewAs } from './recurrent-sequence.js';
import { ACCUMULATE, GRU_CANDIDATE, GRU_OUTPUT, GRU_OUTPUT_MASKED, SUM } from './recurrent-simd.js';

type Inputs = Record<'x' | 'kernel' | 'recurrentKernel' | 'bias' | 'initialH' | 'mask', tf.TensorInfo | undefined>;

/**
 * KerasGRUSequence on 'wasm' (resetAfter): one XNNPACK product for the input projection of every
 * step, one per step for `h·U`, the stock (XNNPACK) Sigmoid and Tanh over the step's gate blocks,
 * the rest of the gate arithmetic as WebAssembly SIMD formulas over the step's rows
 * (recurrent-simd.ts; JavaScript on heap views where they cannot run — the same bits). Outputs `[sequence,
 * lastOutput, h, workspace]` as backend-kit's `fusedGRUSequence` declares.
 */
function kerasGRUSequence({ inputs, backend, attrs }: KernelArguments): tf.TensorInfo[] {
  const wasm = backend as BackendWasm;
  const { x, kernel, recurrentKernel, bias, initialH, mask } = inputs as Inputs;
  const { goBackwards } = attrs as unknown as RecurrentSequenceAttributes;
  const [B, T, F, U] = sequenceDims(KERAS_GRU_SEQUENCE, x, recurrentKernel, 3) as [number, number, number, number];
  const G = 3 * U;
  const W = gruWorkspaceWidth(U);
  requireFloat32(KERAS_GRU_SEQUENCE, 'kernel', kernel, [F, G]);
  requireFloat32(KERAS_GRU_SEQUENCE, 'initialH', initialH, [B, U]);
  if (bias !== undefined) requireFloat32(KERAS_GRU_SEQUENCE, 'bias', bias, [2, G]);
  if (mask !== undefined) requireFloat32(KERAS_GRU_SEQUENCE, 'mask', mask, [B, T]);
  const outputs = [wasm.makeOutput([B, T, U], 'float32'), wasm.makeOutput([B, U], 'float32'), wasm.makeOutput([B, U], 'float32')];
  const workspaceInfo = wasm.makeOutput([B, T, W], 'float32');
  const [sequenceInfo, lastInfo, hInfo] = outputs as [tf.TensorInfo, tf.TensorInfo, tf.TensorInfo];
  const projectedInfo = matMul(wasm, viewAs(x!, [1, B * T, F]), viewAs(kernel!, [1, F, G]));
  const rows = (view: Float32Array, at: number, stride: number): HeapRows => ({ view, at, stride });
  if (bias !== undefined) {
    const projected = heap(wasm, projectedInfo);
    const b = heap(wasm, bias);
    if (!runFormulaOnRows(wasm, ACCUMULATE, [rows(projected, 0, G), rows(b, 0, 0)], G, B * T, [])) {
      for (let r = 0; r < B * T; r++) for (let j = 0; j < G; j++) projected[r * G + j] = f(projected[r * G + j]! + b[j]!);
    }
  }
  const recurrent3d = viewAs(recurrentKernel!, [1, U, G]);
  const h3d = viewAs(hInfo, [1, B, U]);
  heap(wasm, hInfo).set(heap(wasm, initialH!));
  heap(wasm, lastInfo).fill(0);
  const gatesInfo = wasm.makeOutput([B, 2 * U], 'float32');
  const candidateInfo = wasm.makeOutput([B, U], 'float32');
  for (let step = 0; step < T; step++) {
    const t = goBackwards ? T - 1 - step : step;
    const hzInfo = matMul(wasm, h3d, recurrent3d);
    {
      // h·U + b' in place, then the update and reset pre-activations x_z + h_z, x_r + h_r.
      const hz = heap(wasm, hzInfo);
      const xz = heap(wasm, projectedInfo);
      const b = bias === undefined ? undefined : heap(wasm, bias);
      const gates = heap(wasm, gatesInfo);
      const biasDone = b === undefined || runFormulaOnRows(wasm, ACCUMULATE, [rows(hz, 0, G), rows(b, G, 0)], G, B, []);
      const gatesDone = runFormulaOnRows(wasm, SUM, [rows(xz, t * G, T * G), rows(hz, 0, G), rows(gates, 0, 2 * U)], 2 * U, B, []);
      for (let s = 0; s < B; s++) {
        if (!biasDone) for (let j = 0; j < G; j++) hz[s * G + j] = f(hz[s * G + j]! + b![G + j]!);
        if (!gatesDone) for (let j = 0; j < 2 * U; j++) gates[s * 2 * U + j] = f(xz[(s * T + t) * G + j]! + hz[s * G + j]!);
      }
    }
    const sigmoidInfo = activate(wasm, 'Sigmoid', gatesInfo);
    {
      const sig = heap(wasm, sigmoidInfo);
      const hz = heap(wasm, hzInfo);
      const xz = heap(wasm, projectedInfo);
      const candidate = heap(wasm, candidateInfo);
      const arrays = [rows(xz, t * G + 2 * U, T * G), rows(sig, U, 2 * U), rows(hz, 2 * U, G), rows(candidate, 0, U)];
      if (!runFormulaOnRows(wasm, GRU_CANDIDATE, arrays, U, B, [])) {
        for (let s = 0; s < B; s++)
          for (let j = 0; j < U; j++) candidate[s * U + j] = f(xz[(s * T + t) * G + 2 * U + j]! + f(sig[s * 2 * U + U + j]! * hz[s * G + 2 * U + j]!));
      }
    }
    const tanhInfo = activate(wasm, 'Tanh', candidateInfo);
    const sig = heap(wasm, sigmoidInfo);
    const th = heap(wasm, tanhInfo);
    const hz = heap(wasm, hzInfo);
    const m = mask === undefined ? undefined : heap(wasm, mask);
    const h = heap(wasm, hInfo);
    const last = heap(wasm, lastInfo);
    const sequence = heap(wasm, sequenceInfo);
    const workspace = heap(wasm, workspaceInfo);
    // The step's outputs for rows `first` … `first + count − 1`, as GRU_OUTPUT(_MASKED) lays out its arrays.
    const outputRows = (first: number, count: number, keep: number | undefined): boolean => {
      const arrays = [
        rows(sig, first * 2 * U, 2 * U),
        rows(sig, first * 2 * U + U, 2 * U),
        rows(th, first * U, U),
        rows(hz, first * G + 2 * U, G),
        rows(h, first * U, U),
        ...Array.from({ length: 5 }, (_, segment) => rows(workspace, (first * T + t) * W + segment * U, T * W)),
        rows(last, first * U, U),
        rows(sequence, (first * T + step) * U, T * U),
      ];
      return keep === undefined
        ? runFormulaOnRows(wasm, GRU_OUTPUT, arrays, U, count, [1])
        : runFormulaOnRows(wasm, GRU_OUTPUT_MASKED, arrays, U, count, [1, keep, f(1 - keep)]);
    };
    const allRowsDone = m === undefined && outputRows(0, B, undefined);
    for (let s = 0; s < B; s++) {
      const row = (s * T + t) * W;
      const keep = m === undefined ? 1 : m[s * T + t]!;
      workspace[row + 5 * U] = keep;
      if (allRowsDone || (m !== undefined && outputRows(s, 1, keep))) continue;
      for (let j = 0; j < U; j++) {
        const k = s * U + j;
        const update = sig[s * 2 * U + j]!;
        const candidate = th[k]!;
        const hPrevious = h[k]!;
        const hNew = f(f(update * hPrevious) + f(f(1 - update) * candidate));
        workspace[row + j] = update;
        workspace[row + U + j] = sig[s * 2 * U + U + j]!;
        workspace[row + 2 * U + j] = candidate;
        workspace[row + 3 * U + j] = hz[s * G + 2 * U + j]!;
        workspace[row + 4 * U + j] = hPrevious;
        if (m === undefined) {
          last[k] = h[k] = hNew;
        } else {
          last[k] = blend(hNew, last[k]!, keep);
          h[k] = blend(hNew, hPrevious, keep);
        }
        sequence[(s * T + step) * U + j] = last[k]!;
      }
    }
    for (const info of [hzInfo, sigmoidInfo, tanhInfo]) wasm.disposeData(info.dataId);
  }
  for (const info of [gatesInfo, candidateInfo]) wasm.disposeData(info.dataId);
  wasm.disposeData(projectedInfo.dataId);
  return [...outputs, workspaceInfo];
}

/** Registration of {@link kerasGRUSequence} on 'wasm', under the name backend-kit declares. */
export const kerasGRUSequenceConfig: tf.KernelConfig = {
  kernelName: KERAS_GRU_SEQUENCE,
  backendName: 'wasm',
  kernelFunc: kerasGRUSequence as unknown as tf.KernelFunc,
};
