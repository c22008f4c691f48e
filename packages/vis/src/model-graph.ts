// The structural view of a model that plotModel and modelToDot need. It is
// written against shapes rather than @keras-ts/core classes so that vis has no
// runtime dependency on core: a keras-ts Model satisfies it, and so do plain
// objects in tests.

/** A shape (`null` for an unknown dimension) or a list of shapes for multi-tensor layers. */
export type ShapeLike = readonly (number | null | undefined)[] | readonly (readonly (number | null | undefined)[])[];

/** One call of a layer: the layers whose outputs it consumed. */
export interface NodeLike {
  /** Layers feeding this call, in argument order (empty for an InputLayer). */
  readonly inboundLayers: readonly LayerLike[];
  /** For each inbound layer, which of its outputs was used (needed only for multi-output nested models). */
  readonly tensorIndices?: readonly number[];
  /** Output shape(s) of this call. */
  readonly outputShapes?: ShapeLike;
  /** Input shape(s) of this call. */
  readonly inputShapes?: ShapeLike;
}

/** A symbolic tensor as far as the graph is concerned: which layer produced it. */
export interface SymbolicTensorLike {
  /** The layer whose output this is. */
  readonly sourceLayer: LayerLike;
  /** Which output of that layer (for multi-output layers). */
  readonly tensorIndex?: number;
}

/** A layer as seen by the model plots. */
export interface LayerLike {
  /** Unique name within its model. */
  readonly name: string;
  /** Class name, e.g. 'Dense'. Falls back to `getClassName()`, then the constructor name. */
  readonly className?: string;
  /** tfjs-style class name accessor. */
  getClassName?(): string;
  /** Every call of this layer, in call order (Keras 2's `inbound_nodes`). */
  readonly inboundNodes: readonly NodeLike[];
  /** Output shape; may throw for layers called more than once. */
  readonly outputShape?: ShapeLike;
  /** Input shape; may throw for layers called more than once. */
  readonly inputShape?: ShapeLike;
  /** Output shape of call `nodeIndex`. */
  getOutputShapeAt?(nodeIndex: number): ShapeLike;
  /** Input shape of call `nodeIndex`. */
  getInputShapeAt?(nodeIndex: number): ShapeLike;
  /** Compute dtype, e.g. 'float32'. */
  readonly dtype?: string;
  /** Layer config; `activation` is shown when `showLayerActivations` is set. */
  getConfig?(): { readonly activation?: unknown } & Record<string, unknown>;
  /** Present on models used as layers (nested models). */
  readonly layers?: readonly LayerLike[];
  /** A nested model's inputs. */
  readonly inputs?: readonly SymbolicTensorLike[];
  /** A nested model's outputs. */
  readonly outputs?: readonly SymbolicTensorLike[];
}

/** A model: a named graph of layers with inputs and outputs. */
export interface ModelLike {
  /** Model name. */
  readonly name: string;
  /** Layers in the model (a functional model's InputLayers included or not; both work). */
  readonly layers: readonly LayerLike[];
  /** Symbolic inputs. */
  readonly inputs: readonly SymbolicTensorLike[];
  /** Symbolic outputs. */
  readonly outputs: readonly SymbolicTensorLike[];
}

/** The class name of a layer-like object. */
export function classNameOf(layer: LayerLike): string {
  if (typeof layer.className === 'string' && layer.className) return layer.className;
  if (typeof layer.getClassName === 'function') return layer.getClassName();
  return (layer as object).constructor?.name ?? 'Layer';
}

/** Whether a layer is itself a model (has layers, inputs and outputs). */
export function isNestedModel(layer: LayerLike): layer is LayerLike & ModelLike {
  return Array.isArray(layer.layers) && Array.isArray(layer.inputs) && Array.isArray(layer.outputs);
}
