import { GraphError, ValueError } from '../errors/errors.js';
import { InputLayer } from '../engine/input-layer.js';
import type { Layer } from '../engine/layer.js';
import type { Node } from '../engine/node.js';
import { deserializeLayer } from '../engine/registry.js';
import type { SymbolicTensor } from '../engine/symbolic-tensor.js';

/** `[layerName, nodeIndex, tensorIndex]`: one tensor of a serialized graph. */
export type TensorReference = [string, number, number];
/** One input of a serialized call: `[layerName, nodeIndex, tensorIndex, callKwargs]` (tfjs-layers/Keras 2 layout). */
export type NodeInputReference = [string, number, number, Record<string, unknown>];

/** A layer entry of a functional config. */
export interface SerializedGraphLayer {
  name: string;
  className: string;
  config: Record<string, unknown>;
  /** One entry per call of the layer inside this model; each lists the call's inputs. */
  inboundNodes: NodeInputReference[][];
}

/** camelCase config of a functional model: its layers, their calls, and its input and output tensors. */
export interface FunctionalConfig {
  name: string;
  trainable?: boolean;
  layers: SerializedGraphLayer[];
  inputLayers: TensorReference[];
  outputLayers: TensorReference[];
}

/** What serialization needs from a functional model. */
interface GraphModel {
  name: string;
  trainable: boolean;
  inputs: SymbolicTensor[];
  outputs: SymbolicTensor[];
  layers: Layer[];
  nodes: Node[];
}

/**
 * Serializes a functional graph. Node indices are renumbered among the calls that belong to this
 * model (a layer shared with another model keeps only this model's calls), as Keras does.
 */
export function functionalConfig(model: GraphModel): FunctionalConfig {
  const modelNodes = new Set<Node>([...model.nodes, ...model.inputs.map((t) => t.sourceLayer.inboundNodes[t.nodeIndex]!)]);
  const keptIndex = new Map<Node, number>();
  for (const layer of model.layers) {
    let kept = 0;
    for (const node of layer.inboundNodes) if (modelNodes.has(node)) keptIndex.set(node, kept++);
  }
  const reference = (tensor: SymbolicTensor): TensorReference => [
    tensor.sourceLayer.name,
    keptIndex.get(tensor.sourceLayer.inboundNodes[tensor.nodeIndex]!) ?? 0,
    tensor.tensorIndex,
  ];
  const layers = model.layers.map(
    (layer): SerializedGraphLayer => ({
      name: layer.name,
      className: layer.className,
      config: layer.getConfig(),
      inboundNodes: layer.inboundNodes
        .filter((node) => modelNodes.has(node) && node.inputTensors.length > 0)
        .map((node) => node.inputTensors.map((tensor) => [...reference(tensor), serializableKwargs(layer, node.callArgs)] as NodeInputReference)),
    }),
  );
  return { name: model.name, trainable: model.trainable, layers, inputLayers: model.inputs.map(reference), outputLayers: model.outputs.map(reference) };
}

function serializableKwargs(layer: Layer, callArgs: Record<string, unknown>): Record<string, unknown> {
  for (const [key, value] of Object.entries(callArgs)) {
    if (value !== null && typeof value === 'object') {
      throw new ValueError(
        `Layer '${layer.name}' was called with a non-serializable keyword argument '${key}'; only numbers, strings and booleans can be saved.`,
      );
    }
  }
  return { ...callArgs };
}

function isReference(value: unknown): value is unknown[] {
  return Array.isArray(value) && typeof value[0] === 'string' && typeof value[1] === 'number' && typeof value[2] === 'number';
}

function checkConfig(config: Record<string, unknown>): FunctionalConfig {
  const where = `functional model config '${String(config.name ?? '')}'`;
  if (!Array.isArray(config.layers)) throw new ValueError(`The ${where} has no \`layers\` list; the file is not a functional model.`);
  for (const key of ['inputLayers', 'outputLayers'] as const) {
    const list = config[key];
    if (!Array.isArray(list) || list.length === 0 || !list.every(isReference)) {
      throw new ValueError(`The ${where} needs \`${key}\` as a non-empty list of [layerName, nodeIndex, tensorIndex].`);
    }
  }
  return config as unknown as FunctionalConfig;
}

/** Rebuilds a functional graph from its config: creates the layers, then replays their calls. */
class GraphRebuilder {
  private readonly created = new Map<string, Layer>();
  private readonly produced = new Map<string, SymbolicTensor[]>();
  private readonly callCount = new Map<string, number>();
  private readonly pending = new Map<string, NodeInputReference[][]>();
  private readonly order: string[] = [];

  constructor(private readonly config: FunctionalConfig) {}

  run(): { inputs: SymbolicTensor[]; outputs: SymbolicTensor[] } {
    try {
      this.createLayers();
      this.replayCalls();
      return { inputs: this.resolve('inputLayers'), outputs: this.resolve('outputLayers') };
    } catch (error) {
      // Layers built before the failure own variables; free them so a failed load leaks nothing.
      for (const layer of new Set(this.created.values())) layer.dispose();
      throw error;
    }
  }

  private createLayers(): void {
    for (const entry of this.config.layers) {
      if (typeof entry?.className !== 'string' || typeof entry.config !== 'object' || entry.config === null) {
        throw new ValueError(`Layer entry ${JSON.stringify(entry?.name)} of the functional config needs \`className\` and \`config\`.`);
      }
      const name = entry.name ?? (entry.config.name as string);
      if (this.created.has(name)) throw new GraphError(`The functional config lists two layers named '${name}'; layer names must be unique.`);
      const layer = deserializeLayer({ className: entry.className, config: { ...entry.config, name } });
      this.created.set(name, layer);
      this.order.push(name);
      if (layer instanceof InputLayer) this.produced.set(`${name}#0`, [layer.outputTensor]);
      this.callCount.set(name, layer instanceof InputLayer ? 1 : 0);
      this.pending.set(name, [...(entry.inboundNodes ?? [])]);
    }
  }

  private lookup([layerName, nodeIndex, tensorIndex]: NodeInputReference | TensorReference): SymbolicTensor | undefined {
    return this.produced.get(`${layerName}#${nodeIndex}`)?.[tensorIndex];
  }

  /** Replays calls in file order, deferring a call (and the later calls of its layer) until its inputs exist. */
  private replayCalls(): void {
    let progress = true;
    while (progress) {
      progress = false;
      for (const name of this.order) {
        const queue = this.pending.get(name)!;
        while (queue.length > 0) {
          const call = queue[0]!;
          const inputs = call.map((reference) => this.lookup(reference));
          if (inputs.some((t) => t === undefined)) break;
          const kwargs = call[0]?.[3] ?? {};
          const layer = this.created.get(name)!;
          const list = inputs as SymbolicTensor[];
          const result = list.length === 1 ? layer.apply(list[0]!, { ...kwargs }) : layer.apply(list, { ...kwargs });
          const index = this.callCount.get(name)!;
          this.produced.set(`${name}#${index}`, Array.isArray(result) ? result : [result]);
          this.callCount.set(name, index + 1);
          queue.shift();
          progress = true;
        }
      }
    }
    const stuck = this.order.filter((name) => this.pending.get(name)!.length > 0);
    if (stuck.length > 0) {
      const missing = this.pending
        .get(stuck[0]!)![0]!
        .filter((reference) => this.lookup(reference) === undefined)
        .map(([layer, node, tensor]) => `${layer}[${node}][${tensor}]`);
      throw new GraphError(
        `Cannot rebuild the graph: the calls of layer(s) ${stuck.join(', ')} read tensors no layer produces (${missing.join(', ')}). The model file is corrupt or incomplete.`,
      );
    }
  }

  private resolve(key: 'inputLayers' | 'outputLayers'): SymbolicTensor[] {
    return this.config[key].map((reference) => {
      const tensor = this.lookup(reference);
      if (tensor === undefined) throw new GraphError(`The functional config's ${key} names ${JSON.stringify(reference)}, which no layer call produces.`);
      return tensor;
    });
  }
}

/**
 * Rebuilds the layers of a functional config (through the layer registry; nothing is evaluated)
 * and replays their calls, deferring a call until every layer it reads from has run.
 */
export function reconstructGraph(rawConfig: Record<string, unknown>): { inputs: SymbolicTensor[]; outputs: SymbolicTensor[] } {
  return new GraphRebuilder(checkConfig(rawConfig)).run();
}
