import type * as tf from '@tensorflow/tfjs-core';

/**
 * Collects losses that layers add while a model runs (activity regularization,
 * `layer.addLoss`), so the training step can add them to the total loss.
 */
export class CallContext {
  /** Loss tensors added during the call. */
  readonly losses: tf.Scalar[] = [];
}

const stack: CallContext[] = [];

/** Runs `fn` with a fresh context and returns its result and the losses layers added. */
export function withCallContext<T>(fn: () => T): { result: T; losses: tf.Scalar[] } {
  const context = new CallContext();
  stack.push(context);
  try {
    const result = fn();
    return { result, losses: context.losses };
  } finally {
    stack.pop();
  }
}

/** The innermost active context, if a model call is running. */
export function currentCallContext(): CallContext | undefined {
  return stack[stack.length - 1];
}
