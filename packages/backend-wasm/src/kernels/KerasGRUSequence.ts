import type * as tf from '@tensorflow/tfjs-core';
import { gruWorkspaceWidth, KERAS_GRU_SEQUENCE, type RecurrentSequenceAttributes } from '@keras-ts/backend-kit';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import type { KernelArguments } from '../backend/stock-kernels.js';
import { blend, f, heap, matMul, requireFloat32, sequenceDims, sigmoid, tanh, viewAs } from './recurrent-sequence.js';

type Inputs = Record<'x' | 'kernel' | 'recurrentKernel' | 'bias' | 'initialH' | 'mask', tf.TensorInfo | undefined>;

/**
 * KerasGRUSequence on 'wasm' (resetAfter): one XNNPACK product for the input projection of every
 * step, one per step for `h·U`, the gates in JavaScript on heap views. Outputs `[sequence,
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
  if (bias !== undefined) {
    const projected = heap(wasm, projectedInfo);
    const b = heap(wasm, bias);
    for (let r = 0; r < B * T; r++) for (let j = 0; j < G; j++) projected[r * G + j] = f(projected[r * G + j]! + b[j]!);
  }
  const recurrent3d = viewAs(recurrentKernel!, [1, U, G]);
  const h3d = viewAs(hInfo, [1, B, U]);
  heap(wasm, hInfo).set(heap(wasm, initialH!));
  heap(wasm, lastInfo).fill(0);
  for (let step = 0; step < T; step++) {
    const t = goBackwards ? T - 1 - step : step;
    const hzInfo = matMul(wasm, h3d, recurrent3d);
    const hz = heap(wasm, hzInfo);
    const xz = heap(wasm, projectedInfo);
    const b = bias === undefined ? undefined : heap(wasm, bias);
    const m = mask === undefined ? undefined : heap(wasm, mask);
    const h = heap(wasm, hInfo);
    const last = heap(wasm, lastInfo);
    const sequence = heap(wasm, sequenceInfo);
    const workspace = heap(wasm, workspaceInfo);
    for (let s = 0; s < B; s++) {
      const xRow = (s * T + t) * G;
      const hRow = s * G;
      if (b !== undefined) for (let j = 0; j < G; j++) hz[hRow + j] = f(hz[hRow + j]! + b[G + j]!);
      const row = (s * T + t) * W;
      const keep = m === undefined ? 1 : m[s * T + t]!;
      for (let j = 0; j < U; j++) {
        const k = s * U + j;
        const update = sigmoid(f(xz[xRow + j]! + hz[hRow + j]!));
        const reset = sigmoid(f(xz[xRow + U + j]! + hz[hRow + U + j]!));
        const hCandidate = hz[hRow + 2 * U + j]!;
        const candidate = tanh(f(xz[xRow + 2 * U + j]! + f(reset * hCandidate)));
        const hPrevious = h[k]!;
        const hNew = f(f(update * hPrevious) + f(f(1 - update) * candidate));
        workspace[row + j] = update;
        workspace[row + U + j] = reset;
        workspace[row + 2 * U + j] = candidate;
        workspace[row + 3 * U + j] = hCandidate;
        workspace[row + 4 * U + j] = hPrevious;
        if (m === undefined) {
          last[k] = h[k] = hNew;
        } else {
          last[k] = blend(hNew, last[k]!, keep);
          h[k] = blend(hNew, hPrevious, keep);
        }
        sequence[(s * T + step) * U + j] = last[k]!;
      }
      workspace[row + 5 * U] = keep;
    }
    wasm.disposeData(hzInfo.dataId);
  }
  wasm.disposeData(projectedInfo.dataId);
  return [...outputs, workspaceInfo];
}

/** Registration of {@link kerasGRUSequence} on 'wasm', under the name backend-kit declares. */
export const kerasGRUSequenceConfig: tf.KernelConfig = {
  kernelName: KERAS_GRU_SEQUENCE,
  backendName: 'wasm',
  kernelFunc: kerasGRUSequence as unknown as tf.KernelFunc,
};
