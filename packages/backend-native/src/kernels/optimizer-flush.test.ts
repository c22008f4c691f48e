import { describe, expect, it } from 'vitest';
import { nativeAddon } from '../addon/load.js';
import { defaultNativeThreads, setNativeThreads } from '../backend/threads.js';
import { available, seeded, skipReason } from './kernels.test-utils.js';

const f = Math.fround;
const MIN_NORMAL = 2 ** -126;

/**
 * Slots of `size` elements with normal values, and at every 97th element one that decays below
 * 2^-126 with a zero gradient: the smallest normal (negative at odd multiples), a subnormal.
 */
function planted(size: number, seed: number): { slot: Float32Array; gradient: Float32Array; decaying: number[] } {
  const slot = Float32Array.from(seeded(size, seed), (x) => f(Math.abs(x) + 0.01));
  const gradient = Float32Array.from(seeded(size, seed + 1, 3), f);
  const decaying: number[] = [];
  for (let i = 0; i < size; i += 97) {
    slot[i] = (i / 97) % 3 === 2 ? 3 * 2 ** -149 : (i / 97) % 2 === 1 ? -MIN_NORMAL : MIN_NORMAL;
    gradient[i] = 0;
    decaying.push(i);
  }
  return { slot, gradient, decaying };
}

/** Expects `stored` to hold a zero of the planted value's sign at every decaying element, and normal values elsewhere. */
function expectFlushed(stored: Float32Array, before: Float32Array, decaying: number[]): void {
  for (const i of decaying) expect(Object.is(stored[i], before[i]! < 0 ? -0 : 0), `element ${i}: ${stored[i]}`).toBe(true);
  for (let i = 0; i < stored.length; i++) if (stored[i] !== 0) expect(Math.abs(stored[i]!)).toBeGreaterThanOrEqual(MIN_NORMAL);
}

// The fused updates store slots through flushSubnormal (native/optimizer.cc), as backend-kit's
// reference chains do: a slot that would become subnormal is stored as a zero of its sign (Keras 3
// on JAX and TensorFlow runs with subnormal results flushed), and its weight moves as IEEE
// arithmetic moves it (here, with a zero gradient, not at all). Both loops (in place and not), on
// one thread and split over two (201 × 499 elements is above the split threshold).
describe.skipIf(!available)(`the fused optimizer updates' slots on 'native' (${skipReason})`, () => {
  it.each([
    [1, 37 * 29],
    [2, 201 * 499],
  ])('are stored as zeros where they decay below 2^-126 (%i thread(s), %i elements), in place and not', (threads, size) => {
    const addon = nativeAddon();
    setNativeThreads(threads);
    try {
      for (const inPlace of [false, true]) {
        const w = Float32Array.from(seeded(size, 5), f);
        const { slot: v, gradient: g, decaying } = planted(size, 6);
        const [wBefore, vBefore] = [w.slice(), v.slice()];
        const out = inPlace ? { w, v } : { w: new Float32Array(size), v: new Float32Array(size) };
        addon.rmspropUpdate(w, v, g, out.w, out.v, 0.9, 1e-7, 0.001);
        expectFlushed(out.v, vBefore, decaying);
        for (const i of decaying) expect(out.w[i]).toBe(wBefore[i]);
        // Away from the planted elements the formula is unchanged: v' = v·rho + g²·(1 − rho).
        expect(out.v[1]).toBe(f(f(vBefore[1]! * f(0.9)) + f(f(g[1]! * g[1]!) * f(1 - 0.9))));

        const { slot: m, gradient: gAdam, decaying: decayingAdam } = planted(size, 8);
        const vAdam = planted(size, 8).slot;
        const wAdam = Float32Array.from(seeded(size, 9), f);
        const [wAdamBefore, mBefore, vAdamBefore] = [wAdam.slice(), m.slice(), vAdam.slice()];
        const adamOut = inPlace ? { w: wAdam, m, v: vAdam } : { w: new Float32Array(size), m: new Float32Array(size), v: new Float32Array(size) };
        addon.adamUpdate(wAdam, m, vAdam, gAdam, adamOut.w, adamOut.m, adamOut.v, 0.9, 0.999, 1e-7, 0.0031);
        expectFlushed(adamOut.m, mBefore, decayingAdam);
        expectFlushed(adamOut.v, vAdamBefore, decayingAdam);
        for (const i of decayingAdam) expect(adamOut.w[i]).toBe(wAdamBefore[i]);

        const { slot: velocity, gradient: gSgd, decaying: decayingSgd } = planted(size, 10);
        const wSgd = Float32Array.from(seeded(size, 11), f);
        const [wSgdBefore, velocityBefore] = [wSgd.slice(), velocity.slice()];
        const sgdOut = inPlace ? { w: wSgd, v: velocity } : { w: new Float32Array(size), v: new Float32Array(size) };
        addon.sgdMomentumUpdate(wSgd, velocity, gSgd, sgdOut.w, sgdOut.v, 0.9, false, 0.013);
        expectFlushed(sgdOut.v, velocityBefore, decayingSgd);
        for (const i of decayingSgd) expect(sgdOut.w[i]).toBe(wSgdBefore[i]);
      }
    } finally {
      setNativeThreads(defaultNativeThreads());
    }
  });
});
