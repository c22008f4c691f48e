import { drawSeed } from '@keras-ts/core';
import { getDistribution } from '@keras-ts/core/internal';

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
    const seed = this.seed === undefined ? drawSeed() : this.seed + this.calls++;
    // Data-parallel ranks draw alike from one generator (that keeps their shuffles identical), so
    // each offsets the seed by its rank: every rank's rows get masks of their own.
    const rank = getDistribution()?.rank ?? 0;
    return rank === 0 ? seed : (seed + rank * 2654435761) % 2147483647;
  }
}
