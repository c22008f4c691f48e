// Row helpers shared by the fused categorical crossentropy kernels (forward and gradient).

/** Rounds to float32. */
export const f = Math.fround;
// Keras's probability clip, as the float32 bounds the unfused ClipByValue applies.
/** The lower clip bound in float32. */
export const LOW = f(1e-7);
/** The upper clip bound in float32. */
export const HIGH = f(1 - 1e-7);

/** The number of rows of `[…, classes]`: the product of every dimension but the last. */
export function rowCount(shape: number[]): number {
  return shape.slice(0, -1).reduce((product, size) => product * size, 1);
}

/** Row-wise sum in double, rounded once to float32, as the native Sum kernel does. */
export function rowSum(values: Float32Array, start: number, classes: number): number {
  let sum = 0;
  for (let j = 0; j < classes; j++) sum += values[start + j]!;
  return f(sum);
}
