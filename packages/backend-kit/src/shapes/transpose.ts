/**
 * Whether transposing a tensor of `shape` by `perm` leaves every element at its flat (row-major)
 * position: the axes longer than 1 keep their order and only axes of length 1 move (`[5, 1, 3]`
 * by `[1, 0, 2]`, and every identity permutation). A backend may then answer the Transpose as it
 * answers a Reshape, with the input's data under the new shape, instead of copying it.
 *
 * @example
 * keepsElementOrder([5, 1, 3], [1, 0, 2]); // true: only the length-1 axis moves
 * keepsElementOrder([4, 5], [1, 0]); // false: a real transpose
 */
export function keepsElementOrder(shape: readonly number[], perm: readonly number[]): boolean {
  let previous = -1;
  for (const axis of perm) {
    if (shape[axis] === 1) continue;
    if (axis < previous) return false;
    previous = axis;
  }
  return true;
}
