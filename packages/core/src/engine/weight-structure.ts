// A count of the changes that can alter a layer's weight lists anywhere: a weight added or
// disposed, a layer's or a weight's `trainable` set, a sublayer tracked, a model's graph rebuilt.
// Something derived from weight lists (a model's compiled-step signature) is recomputed only when
// the count moved, instead of walking the layer tree on every training step.

let version = 0;

/** Records a change that may alter some layer's weight lists. */
export function weightStructureChanged(): void {
  version++;
}

/** The number of weight-list changes so far (see {@link weightStructureChanged}). */
export function weightStructureVersion(): number {
  return version;
}

/**
 * Prototypes whose weight-list getters (`weights`, `trainableWeights`, `nonTrainableWeights`,
 * `sublayers`) the engine defines: lists computed by them change only where
 * {@link weightStructureChanged} is called. A class that overrides one of them elsewhere computes
 * its lists its own way.
 */
export const engineWeightListOwners = new Set<object>();

const GETTERS = ['weights', 'trainableWeights', 'nonTrainableWeights', 'sublayers'];

/** Whether `layer` computes its weight lists with the engine's getters only. */
export function usesEngineWeightLists(layer: object): boolean {
  for (const name of GETTERS) {
    let owner: object | null = layer;
    while (owner !== null && !Object.hasOwn(owner, name)) owner = Object.getPrototypeOf(owner) as object | null;
    if (owner !== null && !engineWeightListOwners.has(owner)) return false;
  }
  return true;
}
