import { lookupIdentifier, normalizeIdentifier } from '@keras-ts/core';
import * as activations from './activations.js';
import type { ActivationFunction } from './activations.js';

/** An activation given by Keras name (camelCase or snake_case) or as a function. */
export type ActivationIdentifier =
  | 'relu'
  | 'relu6'
  | 'tanh'
  | 'sigmoid'
  | 'hardSigmoid'
  | 'hard_sigmoid'
  | 'softmax'
  | 'logSoftmax'
  | 'log_softmax'
  | 'linear'
  | 'elu'
  | 'selu'
  | 'softplus'
  | 'softsign'
  | 'swish'
  | 'silu'
  | 'gelu'
  | 'exponential'
  | 'leakyRelu'
  | 'leaky_relu'
  | 'mish'
  | 'hardSilu'
  | 'hard_silu'
  | 'hardSwish'
  | 'hard_swish'
  | (string & {})
  | ActivationFunction;

/** Keras's serialized (snake_case) name of each built-in activation. */
const NAMES: [string, ActivationFunction][] = [
  ['relu', activations.relu],
  ['relu6', activations.relu6],
  ['tanh', activations.tanh],
  ['sigmoid', activations.sigmoid],
  ['hard_sigmoid', activations.hardSigmoid],
  ['softmax', activations.softmax],
  ['log_softmax', activations.logSoftmax],
  ['linear', activations.linear],
  ['elu', activations.elu],
  ['selu', activations.selu],
  ['softplus', activations.softplus],
  ['softsign', activations.softsign],
  ['swish', activations.swish],
  ['silu', activations.swish],
  ['gelu', activations.gelu],
  ['exponential', activations.exponential],
  ['leaky_relu', activations.leakyRelu],
  ['mish', activations.mish],
  ['hard_silu', activations.hardSilu],
  ['hard_swish', activations.hardSilu],
];
const TABLE = new Map(NAMES.map(([name, fn]) => [normalizeIdentifier(name), fn]));
const VALID = NAMES.map(([name]) => name);

/** Resolves an activation identifier (default linear); throws listing the valid names. */
export function getActivation(identifier: ActivationIdentifier | null | undefined): ActivationFunction {
  if (identifier === null || identifier === undefined) return activations.linear;
  if (typeof identifier === 'function') return identifier;
  return lookupIdentifier('activation', identifier, TABLE, VALID);
}

/** Keras's serialized name of an activation (`'relu'`), or the function's own name for custom ones. */
export function serializeActivation(fn: ActivationFunction): string {
  const found = NAMES.find(([, candidate]) => candidate === fn);
  return found ? found[0] : fn.name || 'custom_activation';
}
