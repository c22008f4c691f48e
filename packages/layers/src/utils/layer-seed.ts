import { drawSeed } from '@keras-ts/core';

/**
 * Seeds for a random layer's successive calls, as Keras 3's SeedGenerator: with a fixed seed,
 * call n uses `seed + n`, so masks differ per step yet a new layer with the same seed repeats the
 * sequence; without one, each call draws from the global generator (see setRandomSeed).
 */
export class LayerSeed {
  /** The fixed seed, if any (a config's `null` means none, as Keras writes it). */
  readonly seed: number | undefined;
  private calls = 0;

  constructor(seed: number | null | undefined) {
    this.seed = seed ?? undefined;
  }

  /** The seed for the next call. */
  next(): number {
    return this.seed === undefined ? drawSeed() : this.seed + this.calls++;
  }
}
