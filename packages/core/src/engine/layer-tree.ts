import type { Layer } from './layer.js';
import type { LayerWeight } from './layer-weight.js';

/**
 * `root` and every distinct layer under it (reached through `parts`), depth first, each layer
 * before its parts. A layer reached twice (a shared sublayer) is listed once, where it is first
 * reached; a cycle ends there too.
 */
export function flattenLayerTree(root: Layer, parts: (layer: Layer) => readonly Layer[]): Layer[] {
  const seen = new Set<Layer>();
  const visit = (layer: Layer): void => {
    if (seen.has(layer)) return;
    seen.add(layer);
    for (const part of parts(layer)) visit(part);
  };
  visit(root);
  // A Set iterates in insertion order, which is the pre-order of the walk.
  return [...seen];
}

/** `weights` in order, each once (a sublayer shared by two parents contributes its weights once). */
export function uniqueWeights(weights: readonly LayerWeight[]): LayerWeight[] {
  return [...new Set(weights)];
}

/** The layers disposed so far by the `dispose` call running now (undefined between calls). */
let disposalPass: Set<Layer> | undefined;

/**
 * Disposes `parts` of `owner` inside one disposal pass: the first `dispose` call opens the pass,
 * the nested ones share it, so a layer reached through two parents (a shared sublayer, a layer
 * used in two nested models) is disposed once.
 */
export function disposeParts(owner: Layer, parts: readonly Layer[]): void {
  const opened = disposalPass === undefined;
  const pass = (disposalPass ??= new Set());
  pass.add(owner);
  try {
    for (const part of parts) {
      if (pass.has(part)) continue;
      pass.add(part);
      part.dispose();
    }
  } finally {
    if (opened) disposalPass = undefined;
  }
}
