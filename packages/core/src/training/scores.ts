/**
 * What `evaluate`, `trainOnBatch` and `testOnBatch` return without `returnDict` (Keras's
 * `score`). At run time it is one of two things, as in Keras:
 *
 * - a plain `number`, the loss, when the model reports nothing else (one output, no metrics);
 * - an array otherwise, in Keras 3's order: `[loss, ...metrics]` for one output (metrics in compile
 *   order), `[loss, ...outputLosses, ...everything else sorted by name]` for several.
 *
 * Which one a call returns is decided by `compile`, which the type of the model cannot see, and
 * the exact type `number | [number, number, ...number[]]` can be neither destructured nor used as
 * a number without a check. So the type admits both spellings and leaves the choice to the
 * caller, who knows how the model was compiled: `const [loss, accuracy] = await
 * model.evaluate(x, y)` after compiling with metrics (or for a multi-output model), `const loss:
 * number = await model.evaluate(x, y)` after compiling with a loss only. Using the other spelling
 * is a mistake the type does not catch; pass `returnDict: true` to get a record keyed by log name
 * (`loss`, `accuracy`, `<output>_loss`, …) instead.
 */
export type Scores = number & [loss: number, second: number, ...rest: number[]];
