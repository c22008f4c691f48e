import { ValueError } from '@keras-ts/common';
import { nativeAddon } from '../addon/load.js';
import type { HostArray } from '../addon/native-addon.js';
import { broadcastBinary, type HostOperand } from './binary.js';

const unaryForActivation: Record<string, string> = {
  relu: 'Relu',
  relu6: 'Relu6',
  elu: 'Elu',
  sigmoid: 'Sigmoid',
  leakyrelu: 'LeakyRelu',
};

/**
 * The epilogue of the fused kernels, in place on `out`: `+ bias` (broadcast), then the
 * activation ('linear', 'relu', 'relu6', 'elu', 'sigmoid', 'leakyrelu', 'prelu').
 */
export function applyBiasAndActivation(
  out: HostOperand,
  bias: HostOperand | undefined,
  activation: string | undefined,
  preluWeights: HostOperand | undefined,
  leakyreluAlpha: number | undefined,
): void {
  if (bias !== undefined) broadcastBinary('Add', out, bias, 'float32', out.values);
  const name = activation ?? 'linear';
  if (name === 'linear') return;
  if (name === 'prelu') {
    if (preluWeights === undefined) throw new ValueError("Fused kernel: activation 'prelu' needs preluActivationWeights.");
    broadcastBinary('Prelu', out, preluWeights, 'float32', out.values);
    return;
  }
  const op = unaryForActivation[name];
  if (op === undefined)
    throw new ValueError(`Fused kernel: unknown activation '${name}'; expected one of linear, prelu, ${Object.keys(unaryForActivation).join(', ')}.`);
  const addon = nativeAddon();
  const values: HostArray = out.values;
  addon.unary(addon.unaryOps.indexOf(op), values, values, leakyreluAlpha ?? 0.2, 0);
}
