import type { LayerLike, ShapeLike } from '../model-graph.js';

/** Formats a shape the way Keras prints it: `(None, 784)`, `(None,)`, or a list of those. */
export function formatShape(shape: ShapeLike | undefined): string {
  if (shape === undefined || shape === null) return '?';
  if (shape.length > 0 && Array.isArray(shape[0])) {
    return `[${(shape as readonly (readonly (number | null | undefined)[])[]).map((inner) => formatShape(inner)).join(', ')}]`;
  }
  const dims = (shape as readonly (number | null | undefined)[]).map((dim) => (dim === null || dim === undefined ? 'None' : String(dim)));
  return dims.length === 1 ? `(${dims[0]},)` : `(${dims.join(', ')})`;
}

function attempt<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch {
    return undefined;
  }
}

/**
 * Output shape text for the given calls of a layer: `layer.outputShape` when it
 * is well defined, else the per-call shapes (`getOutputShapeAt(i)` or the
 * node's `outputShapes`), joined with " | " when the calls differ.
 */
export function outputShapeText(layer: LayerLike, nodeIndices: readonly number[]): string | undefined {
  const direct = attempt(() => layer.outputShape);
  if (direct !== undefined && nodeIndices.length <= 1) return formatShape(direct);
  return (
    perNode(nodeIndices, (index) => attempt(() => layer.getOutputShapeAt?.(index)) ?? layer.inboundNodes[index]?.outputShapes) ??
    (direct !== undefined ? formatShape(direct) : undefined)
  );
}

/** Input shape text for the given calls of a layer, like {@link outputShapeText}. */
export function inputShapeText(layer: LayerLike, nodeIndices: readonly number[]): string | undefined {
  const direct = attempt(() => layer.inputShape);
  if (direct !== undefined && nodeIndices.length <= 1) return formatShape(direct);
  const fromNodes = perNode(nodeIndices, (index) => {
    const node = layer.inboundNodes[index];
    const explicit = attempt(() => layer.getInputShapeAt?.(index)) ?? node?.inputShapes;
    if (explicit !== undefined) return explicit;
    // Derive from the producing layers' outputs when only those are known.
    if (!node || node.inboundLayers.length === 0) return undefined;
    const shapes = node.inboundLayers.map((inbound) => attempt(() => inbound.outputShape));
    if (shapes.some((shape) => shape === undefined)) return undefined;
    return (shapes.length === 1 ? shapes[0] : shapes) as ShapeLike;
  });
  return fromNodes ?? (direct !== undefined ? formatShape(direct) : undefined);
}

function perNode(nodeIndices: readonly number[], read: (index: number) => ShapeLike | undefined): string | undefined {
  const texts: string[] = [];
  for (const index of nodeIndices) {
    const shape = read(index);
    if (shape === undefined) return undefined;
    const text = formatShape(shape);
    if (!texts.includes(text)) texts.push(text);
  }
  return texts.length > 0 ? texts.join(' | ') : undefined;
}
