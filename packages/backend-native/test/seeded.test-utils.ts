/** `size` deterministic values in [−scale, scale) from a linear congruential generator seeded with `seed`. */
export function seeded(size: number, seed: number, scale = 1): Float32Array {
  const values = new Float32Array(size);
  let state = seed >>> 0;
  for (let i = 0; i < size; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    values[i] = (state / 2 ** 32 - 0.5) * 2 * scale;
  }
  return values;
}
