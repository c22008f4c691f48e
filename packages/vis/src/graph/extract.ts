import { GraphError, ValueError } from '@keras-ts/common';
import { classNameOf, isNestedModel, type LayerLike, type ModelLike } from '../model-graph.js';
import { inputShapeText, outputShapeText } from './shapes.js';

/** Options that choose what each box of a model graph says. */
export interface ModelGraphOptions {
  /** Show input and output shapes. Default false (Keras 3). */
  showShapes?: boolean;
  /** Show each layer's dtype. Default false. */
  showDtype?: boolean;
  /** Show layer names next to class names. Default false (Keras 3). */
  showLayerNames?: boolean;
  /** Show the `activation` of layers that have one. Default false. */
  showLayerActivations?: boolean;
  /** Draw nested models' layers inside a box instead of one node. Default false. */
  expandNested?: boolean;
}

/** One box of the graph: a layer, or an expanded nested model. */
export interface GraphNode {
  /** Unique id (nested layers are prefixed with their model's id and '/'). */
  id: string;
  /** The layer drawn. */
  layer: LayerLike;
  /** Class name. */
  className: string;
  /** First text line (class name, or "name (Class)"). */
  header: string;
  /** Further text lines ("Output shape: (None, 10)"). */
  details: string[];
  /** The nested model's own graph when it is expanded. */
  nested?: ModelGraph;
}

/** A directed edge; `fromPort`/`toPort` name the inner node of an expanded nested model. */
export interface GraphEdge {
  /** Source node id. */
  from: string;
  /** Target node id. */
  to: string;
  /** Inner node (of `from`'s nested graph) the edge leaves from. */
  fromPort?: string;
  /** Inner node (of `to`'s nested graph) the edge enters. */
  toPort?: string;
}

/** The boxes and arrows of a model, ready for layout. */
export interface ModelGraph {
  /** Model name. */
  name: string;
  /** Boxes in model layer order. */
  nodes: GraphNode[];
  /** Arrows (one per producer → consumer pair). */
  edges: GraphEdge[];
  /** Node ids of the model's inputs, in input order. */
  inputIds: string[];
  /** Node ids of the model's outputs, in output order. */
  outputIds: string[];
}

function activationName(layer: LayerLike): string | undefined {
  let activation: unknown;
  try {
    activation = layer.getConfig?.().activation;
  } catch {
    return undefined;
  }
  if (typeof activation === 'string') return activation;
  if (activation && typeof activation === 'object') {
    const named = activation as { className?: unknown; name?: unknown; class_name?: unknown };
    const name = named.name ?? named.className ?? named.class_name;
    if (typeof name === 'string') return name;
  }
  return undefined;
}

/**
 * Reads a model into boxes and arrows. A layer belongs to the graph when it is
 * in `model.layers` or produces one of `model.inputs`; a call (inbound node)
 * belongs when all its inbound layers do, which drops calls made in other
 * models that share the layer.
 */
export function extractModelGraph(model: ModelLike, options: ModelGraphOptions = {}, prefix = ''): ModelGraph {
  if (!model || !Array.isArray(model.layers) || !Array.isArray(model.inputs) || !Array.isArray(model.outputs)) {
    throw new ValueError('model: expected a model with `layers`, `inputs` and `outputs` arrays (a keras-ts Model or Sequential, built).');
  }
  const members: LayerLike[] = [];
  for (const tensor of model.inputs) if (!members.includes(tensor.sourceLayer)) members.push(tensor.sourceLayer);
  for (const layer of model.layers) if (!members.includes(layer)) members.push(layer);
  const ids = new Map<LayerLike, string>();
  for (const layer of members) {
    const id = prefix + layer.name;
    if ([...ids.values()].includes(id)) throw new GraphError(`model '${model.name}': two layers are named '${layer.name}'; layer names must be unique.`);
    ids.set(layer, id);
  }
  const nodes: GraphNode[] = [];
  const edges: GraphEdge[] = [];
  const edgeKeys = new Set<string>();
  const nested = new Map<LayerLike, ModelGraph>();
  for (const layer of members) {
    const id = ids.get(layer) ?? layer.name;
    const keptCalls = layer.inboundNodes.map((node, index) => ({ node, index })).filter(({ node }) => node.inboundLayers.every((inbound) => ids.has(inbound)));
    const className = classNameOf(layer);
    const details: string[] = [];
    const calls = keptCalls.map(({ index }) => index);
    const isInput = className === 'InputLayer';
    const expand = options.expandNested === true && isNestedModel(layer);
    if (options.showLayerActivations) {
      const activation = activationName(layer);
      if (activation !== undefined) details.push(`Activation: ${activation}`);
    }
    if (options.showDtype && layer.dtype) details.push(`Dtype: ${layer.dtype}`);
    if (options.showShapes && !expand) {
      const input = isInput ? undefined : inputShapeText(layer, calls);
      const output = outputShapeText(layer, calls);
      if (input !== undefined) details.push(`Input shape: ${input}`);
      if (output !== undefined) details.push(`Output shape: ${output}`);
    }
    const node: GraphNode = {
      id,
      layer,
      className,
      header: options.showLayerNames || expand ? `${layer.name} (${className})` : className,
      details,
    };
    if (expand) {
      const inner = extractModelGraph(layer as LayerLike & ModelLike, options, `${id}/`);
      node.nested = inner;
      nested.set(layer, inner);
    }
    nodes.push(node);
  }
  for (const layer of members) {
    const to = ids.get(layer) ?? layer.name;
    for (const node of layer.inboundNodes) {
      if (!node.inboundLayers.every((inbound) => ids.has(inbound))) continue;
      node.inboundLayers.forEach((inbound, position) => {
        const from = ids.get(inbound) ?? inbound.name;
        const edge: GraphEdge = { from, to };
        const source = nested.get(inbound);
        if (source) {
          const port = source.outputIds[node.tensorIndices?.[position] ?? 0];
          if (port !== undefined && (node.tensorIndices !== undefined || source.outputIds.length === 1)) edge.fromPort = port;
        }
        const target = nested.get(layer);
        if (target) {
          const port = target.inputIds[position];
          if (port !== undefined) edge.toPort = port;
        }
        const key = `${edge.from}>${edge.fromPort ?? ''}>${edge.to}>${edge.toPort ?? ''}`;
        if (!edgeKeys.has(key)) {
          edgeKeys.add(key);
          edges.push(edge);
        }
      });
    }
  }
  return {
    name: model.name,
    nodes,
    edges,
    inputIds: model.inputs.map((tensor) => ids.get(tensor.sourceLayer) ?? tensor.sourceLayer.name),
    outputIds: model.outputs.map((tensor) => ids.get(tensor.sourceLayer) ?? tensor.sourceLayer.name),
  };
}
