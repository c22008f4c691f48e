// A failed load must leave nothing behind and fail with a typed error, whatever the file held.
import * as tf from '@tensorflow/tfjs-core';
import { KerasError } from '../errors/errors.js';
import { ModelFormatError } from './model-format-error.js';

/**
 * Runs `build` (synchronous: layers, compile, weight restore). If it throws, every tfjs variable
 * registered since it started is disposed (layers and optimizers built from the file before the
 * failure own them) and the error is rethrown. Synchronous on purpose: nothing else runs in
 * between, so only this load's variables are new.
 */
export function releaseOnFailure<T>(build: () => T): T {
  const before = new Set(Object.keys(tf.engine().registeredVariables));
  try {
    return build();
  } catch (error) {
    for (const [name, variable] of Object.entries(tf.engine().registeredVariables)) {
      if (!before.has(name)) variable.dispose();
    }
    throw error;
  }
}

/**
 * Runs `step` of a load; an error that is not a KerasError (say a layer constructor's TypeError on
 * a value the schema does not cover) becomes a {@link ModelFormatError} naming `source` and
 * `stage`, with the original as its `cause`.
 */
export function typedFailure<T>(source: string, stage: string, step: () => T): T {
  try {
    return step();
  } catch (error) {
    if (error instanceof KerasError) throw error;
    const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    throw new ModelFormatError(source, '', `${stage} failed (${message}). The file is corrupt, or was written for layers with other options.`, {
      cause: error,
    });
  }
}
