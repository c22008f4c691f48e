import { DatasetValueError } from '../errors/errors.js';

const N = 624;
const M = 397;

/**
 * The Mersenne Twister behind numpy's legacy `np.random.RandomState(seed)`, with the same integer
 * seeding and the same `shuffle`, so that `seed` gives the very train/test split Keras gives.
 */
export class NumpyRandomState {
  private readonly state = new Uint32Array(N);
  private index = N;

  /** @param seed an integer in [0, 2^32 - 1], as numpy requires. */
  constructor(seed: number) {
    if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
      throw new DatasetValueError(`seed must be an integer between 0 and 2**32 - 1 (as numpy requires), got ${seed}.`);
    }
    this.state[0] = seed >>> 0;
    for (let i = 1; i < N; i++) {
      const previous = this.state[i - 1] ?? 0;
      const x = (previous ^ (previous >>> 30)) >>> 0;
      // 1812433253 * x + i modulo 2^32, split to stay within double precision.
      this.state[i] = ((((x & 0xffff0000) >>> 16) * 1812433253) << 16) + (x & 0x0000ffff) * 1812433253 + i;
    }
  }

  /** The next 32-bit output (MT19937's tempered `genrand_int32`). */
  nextUint32(): number {
    if (this.index >= N) this.twist();
    let y = this.state[this.index++] ?? 0;
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }

  private twist(): void {
    const state = this.state;
    for (let i = 0; i < N; i++) {
      const y = ((state[i] ?? 0) & 0x80000000) | ((state[(i + 1) % N] ?? 0) & 0x7fffffff);
      let next = (state[(i + M) % N] ?? 0) ^ (y >>> 1);
      if (y & 1) next ^= 0x9908b0df;
      state[i] = next;
    }
    this.index = 0;
  }

  /** A uniform integer in [0, max] by masked rejection, as numpy's legacy `random_interval`. */
  interval(max: number): number {
    if (max === 0) return 0;
    if (max > 0xffffffff) throw new DatasetValueError(`interval bound ${max} exceeds 2**32 - 1.`);
    let mask = max;
    mask |= mask >>> 1;
    mask |= mask >>> 2;
    mask |= mask >>> 4;
    mask |= mask >>> 8;
    mask |= mask >>> 16;
    mask >>>= 0;
    let value: number;
    do value = (this.nextUint32() & mask) >>> 0;
    while (value > max);
    return value;
  }

  /** Shuffles an array in place exactly as `RandomState.shuffle` does for a 1-D array. */
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.interval(i);
      const swap = items[i] as T;
      items[i] = items[j] as T;
      items[j] = swap;
    }
    return items;
  }

  /** `RandomState(seed).permutation(n)`: a shuffled `[0, 1, …, n - 1]`. */
  permutation(n: number): number[] {
    return this.shuffle(Array.from({ length: n }, (_, i) => i));
  }
}
