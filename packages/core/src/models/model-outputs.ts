import type * as tf from '@tensorflow/tfjs-core';
import type { SymbolicTensor } from '../engine/symbolic-tensor.js';

/**
 * The `outputs` of a functional model as given to `new Model({ inputs, outputs })`: one
 * SymbolicTensor, a list (a tuple when written as an array literal), or a record by name.
 * `Model` keeps this type as its type parameter, so the results of `predict` and `apply` follow it.
 */
export type ModelOutputs = SymbolicTensor | readonly SymbolicTensor[] | { readonly [name: string]: SymbolicTensor };

/**
 * What `predict` and `predictOnBatch` return for a model built with `outputs` of type `Outputs`:
 * one `tf.Tensor` for a single output tensor; a `tf.Tensor[]` in output order for a list or a
 * record (a tuple of the same length for a tuple, so `const [main, auxiliary] =
 * model.predict(x)` needs no checks); the union when the model's outputs are not known (a
 * `Model` from `loadModel`).
 */
export type PredictOutput<Outputs extends ModelOutputs> = Outputs extends SymbolicTensor
  ? tf.Tensor
  : Outputs extends readonly SymbolicTensor[]
    ? { -readonly [K in keyof Outputs]: tf.Tensor }
    : tf.Tensor[];

/**
 * What a model's `call` (and so `model.apply(x)`, a model used as a layer) returns: like Keras, a
 * model with one output tensor — given alone or as a one-element list — returns that tensor, and
 * one with several returns the list. A list or record of unknown length gives the union.
 */
export type ModelCallOutput<Outputs extends ModelOutputs> = Outputs extends SymbolicTensor
  ? tf.Tensor
  : Outputs extends readonly [SymbolicTensor]
    ? tf.Tensor
    : Outputs extends readonly [SymbolicTensor, SymbolicTensor, ...SymbolicTensor[]]
      ? { -readonly [K in keyof Outputs]: tf.Tensor }
      : tf.Tensor | tf.Tensor[];
