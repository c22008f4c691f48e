// Row helper shared by the fused categorical crossentropy kernels (forward and gradient).

/** The number of rows of `[…, classes]`: the product of every dimension but the last. */
export function rowCount(shape: number[]): number {
  return shape.slice(0, -1).reduce((product, size) => product * size, 1);
}
