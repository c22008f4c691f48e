import { ValueError } from '../errors/errors.js';
/**
 * The global random generator. Initializers, dropout and shuffling draw their seeds from it, so
 * `setRandomSeed(n)` makes initial weights, dropout masks and batch order repeatable on one backend.
 */

/**
 * A small, fast seeded generator of uniform numbers in [0, 1) (mulberry32); its statistical
 * quality is ample for drawing seeds, shuffling and test data.
 */
export function mulberry32(state: number): () => number {
  let s = state >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

let generator = mulberry32(Math.floor(Math.random() * 4294967296));
let currentSeed: number | undefined;

/**
 * Seeds keras-ts's global random generator: the same seed on the same backend gives identical
 * initial weights, dropout masks and shuffling.
 */
export function setRandomSeed(seed: number): void {
  if (!Number.isInteger(seed) || seed < 0) {
    throw new ValueError(`setRandomSeed expects a non-negative integer, got ${seed}.`);
  }
  currentSeed = seed;
  generator = mulberry32(seed);
}

/** The seed last passed to {@link setRandomSeed}, or undefined when none was set. */
export function getRandomSeed(): number | undefined {
  return currentSeed;
}

/** A uniform number in [0, 1) from the global generator. */
export function randomUniform(): number {
  return generator();
}

/** Draws a fresh integer seed (for tfjs ops that take a `seed`) from the global generator. */
export function drawSeed(): number {
  return Math.floor(generator() * 2147483647);
}

/** A random permutation of 0..n-1 (Fisher–Yates) drawn from the global generator. */
export function randomPermutation(n: number): Int32Array {
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(generator() * (i + 1));
    const swap = order[i]!;
    order[i] = order[j]!;
    order[j] = swap;
  }
  return order;
}
