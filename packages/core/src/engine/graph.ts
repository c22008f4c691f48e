import { GraphError } from '../errors/errors.js';
import { InputLayer } from './input-layer.js';
import type { Layer } from './layer.js';
import type { Node } from './node.js';
import type { SymbolicTensor } from './symbolic-tensor.js';

/** The nodes and layers of a functional graph, in execution order. */
export interface GraphNetwork {
  /** Nodes to run, inputs first (input-layer nodes excluded). */
  nodes: Node[];
  /** Every layer, input layers included, deepest first (Keras 3's order). */
  layers: Layer[];
}

/**
 * Walks back from `outputs` to `inputs`, checking that every output is computable from the given
 * inputs, and orders the nodes so each runs after the nodes that feed it.
 */
export function mapGraphNetwork(inputs: SymbolicTensor[], outputs: SymbolicTensor[]): GraphNetwork {
  inputs.forEach((input, index) => {
    if (!(input.sourceLayer instanceof InputLayer)) {
      throw new GraphError(
        `Model inputs must come from Input(); input ${index} ('${input.name}') is the output of layer '${input.sourceLayer.name}' (${input.sourceLayer.className}). Pass the Input() tensor that feeds it instead.`,
      );
    }
  });
  const inputIds = new Set(inputs.map((t) => t.id));
  const ordered: Node[] = [];
  const finished = new Set<Node>();
  const inProgress = new Set<Node>();
  const reached: string[] = [];
  const firstVisit = new Map<Layer, number>();

  const visit = (tensor: SymbolicTensor): void => {
    const layer = tensor.sourceLayer;
    const node = layer.inboundNodes[tensor.nodeIndex]!;
    if (finished.has(node)) return;
    if (inProgress.has(node)) throw new GraphError(`The layer graph has a cycle through layer '${layer.name}'.`);
    if (layer instanceof InputLayer && !inputIds.has(tensor.id)) {
      throw new GraphError(
        `Graph disconnected: cannot obtain value for tensor '${tensor.name}' at layer '${layer.name}': it is an Input that is not among the model's inputs. ` +
          `Add it to \`inputs\`. Layers reached without issue: [${reached.join(', ')}].`,
      );
    }
    if (!firstVisit.has(layer)) firstVisit.set(layer, firstVisit.size);
    inProgress.add(node);
    for (const input of node.inputTensors) visit(input);
    inProgress.delete(node);
    finished.add(node);
    ordered.push(node);
    reached.push(layer.name);
  };
  for (const output of outputs) visit(output);

  // Keras 3's depths (functional.py `_build_map`): outputs are 0; a node's depth is one more than
  // the deepest node it feeds, and every node of a layer takes the layer's greatest depth.
  const depth = new Map<Node, number>();
  const layerDepth = new Map<Layer, number>();
  for (let i = ordered.length - 1; i >= 0; i--) {
    const node = ordered[i]!;
    const d = Math.max(depth.get(node) ?? 0, layerDepth.get(node.outboundLayer) ?? 0);
    layerDepth.set(node.outboundLayer, d);
    depth.set(node, d);
    for (const input of node.inputTensors) {
      const parent = input.sourceLayer.inboundNodes[input.nodeIndex]!;
      depth.set(parent, Math.max(depth.get(parent) ?? 0, d + 1));
    }
  }
  // An input no output depends on sits at depth 0, ahead of the layers there.
  for (const input of inputs) {
    if (!layerDepth.has(input.sourceLayer)) {
      layerDepth.set(input.sourceLayer, 0);
      firstVisit.set(input.sourceLayer, -1);
    }
  }
  const position = new Map(ordered.map((node, index) => [node, index]));
  const byDepth = [...ordered].sort((a, b) => depth.get(b)! - depth.get(a)! || position.get(a)! - position.get(b)!);

  // Layers as Keras 3 lists them (`model.layers`, summary rows): deepest first, inputs included,
  // ties in the order the walk from the outputs first reached them.
  const layers = [...layerDepth.keys()].sort((a, b) => layerDepth.get(b)! - layerDepth.get(a)! || firstVisit.get(a)! - firstVisit.get(b)!);
  const names = new Map<string, Layer>();
  for (const layer of layers) {
    const other = names.get(layer.name);
    if (other !== undefined && other !== layer) {
      throw new GraphError(
        `The name '${layer.name}' is used by 2 layers in the model (${other.className} and ${layer.className}). All layer names should be unique; pass a different \`name\`.`,
      );
    }
    names.set(layer.name, layer);
  }
  return { nodes: byDepth.filter((node) => !(node.outboundLayer instanceof InputLayer)), layers };
}
