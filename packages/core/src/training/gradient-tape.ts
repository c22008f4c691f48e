import * as tf from '@tensorflow/tfjs-core';

/**
 * Runs `step`, which records a gradient tape (`tf.variableGrads`), so that it leaks nothing when
 * it throws.
 *
 * tfjs-core's engine keeps (`tf.keep`) a clone of each tensor a kernel saves for the backward
 * pass and frees them only at the end of a backward pass that completes. When the forward pass
 * throws (a layer refusing its input, a loss refusing its targets) or the backward pass does, the
 * engine leaves its active tape in place, holding those clones; the next gradient computation
 * replaces the tape and they are stranded for good. `tf.tidy` cannot free them: kept tensors
 * outlive scopes. So on a throw from the outermost tape (gradient depth back at 0, no enclosing
 * `tf.grad` whose tape this is), the saved tensors of the abandoned tape are disposed and the tape
 * is cleared; the engine's depths and scopes are already restored by its own `finally` blocks.
 */
export function releasingTapeOnError<T>(step: () => T): T {
  const engine = tf.engine();
  const outermost = engine.state.gradientDepth === 0;
  try {
    return step();
  } catch (error) {
    if (outermost && engine.state.gradientDepth === 0) releaseActiveTape();
    throw error;
  }
}

function releaseActiveTape(): void {
  const state = tf.engine().state;
  // Typed as an array, but null between gradient computations.
  const tape: typeof state.activeTape | null = state.activeTape;
  if (tape === null) return;
  for (const node of tape) for (const tensor of node.saved ?? []) tensor.dispose();
  state.activeTape = [];
}
