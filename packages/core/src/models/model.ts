import { platform } from '#platform';
import type * as tf from '@tensorflow/tfjs-core';
import { ValueError } from '../errors/errors.js';
import { mapGraphNetwork } from '../engine/graph.js';
import { InputLayer } from '../engine/input-layer.js';
import type { Layer, LayerConfig } from '../engine/layer.js';
import type { Node } from '../engine/node.js';
import type { SymbolicTensor } from '../engine/symbolic-tensor.js';
import { registerLayerClass } from '../engine/registry.js';
import type { CallOptions, Shape } from '../engine/types.js';
import { engineWeightListOwners, weightStructureChanged } from '../engine/weight-structure.js';
import type { LoadSource, SaveTarget } from '../saving/handlers.js';
import type { FetchOptions } from '../saving/http-handler.js';
import type { SaveOptions } from '../saving/saveable.js';
import { loadWeights, saveModel, saveWeights } from '../saving/save-model.js';
import type { CompileOptions } from '../training/compile-options.js';
import { Trainer } from '../training/trainer.js';
import { summarize } from '../utils/summary.js';
import { functionalConfig, reconstructGraph } from './functional-config.js';
import type { ModelCallOutput, ModelOutputs } from './model-outputs.js';

/** Options for a functional {@link Model}; `Outputs` is the type of `outputs` (see {@link ModelOutputs}). */
export interface ModelConfig<Outputs extends ModelOutputs = ModelOutputs> extends LayerConfig {
  /** Input tensor(s) from `Input()`. */
  inputs: SymbolicTensor | readonly SymbolicTensor[] | { readonly [name: string]: SymbolicTensor };
  /** Output tensor(s) computed from the inputs: one tensor, a list, or a record by name. */
  outputs: Outputs;
}

type MaskValue = tf.Tensor | null;

/**
 * A functional model: a graph of layers from `inputs` to `outputs`. A Model is also a Layer, so
 * it can be applied to new inputs inside another model (its weights are shared).
 *
 * `Outputs` is inferred from the `outputs` given to the constructor: `new Model({ inputs,
 * outputs: predictions })` is a `Model<SymbolicTensor>` whose `predict` returns one tensor,
 * `outputs: [main, auxiliary]` gives a `Model<readonly [SymbolicTensor, SymbolicTensor]>` whose
 * `predict` returns two. A plain `Model` (e.g. from `loadModel`) may have either.
 */
export class Model<const Outputs extends ModelOutputs = ModelOutputs> extends Trainer<Outputs> {
  static override className = 'Functional';
  /** The graph's input tensors, in order. */
  inputs: SymbolicTensor[] = [];
  /** The graph's output tensors, in order. */
  outputs: SymbolicTensor[] = [];
  protected graphNodes: Node[] = [];
  private graphLayerList: Layer[] = [];
  private graphLayerSets = 0;
  /** The graph's layers in graph order (InputLayers included); setting it counts as a weight-structure change. */
  protected get graphLayers(): Layer[] {
    return this.graphLayerList;
  }
  protected set graphLayers(layers: Layer[]) {
    this.graphLayerList = layers;
    this.graphLayerSets++;
    weightStructureChanged();
  }

  /** How many times the graph was set (built, or changed by `Sequential.add` / `pop`). */
  protected override graphSets(): number {
    return this.graphLayerSets;
  }
  /** A model lists its weights layer by layer, as Keras does (see Layer's `weightOrder`). */
  protected override readonly weightOrder = 'byLayer';
  /** Nodes of this model's graph (input-layer nodes excluded), in execution order. */
  get nodes(): Node[] {
    return [...this.graphNodes];
  }

  /** Whether the user passed inputs/outputs as a single tensor (predict then returns one tensor). */
  protected singleOutput = true;

  constructor(config?: ModelConfig<Outputs> | LayerConfig) {
    super(config === undefined ? {} : { name: config.name, trainable: config.trainable, dtype: config.dtype });
    if (config !== undefined && 'inputs' in config) this.initGraph(config.inputs, config.outputs);
  }

  /** (Re)builds the graph structure from inputs and outputs. */
  protected initGraph(inputs: ModelConfig['inputs'], outputs: ModelOutputs): void {
    const inputList = tensorList(inputs);
    const outputList = tensorList(outputs);
    if (inputList.length === 0) throw new ValueError(`Model '${this.name}' needs at least one input.`);
    if (outputList.length === 0) throw new ValueError(`Model '${this.name}' needs at least one output.`);
    const network = mapGraphNetwork(inputList, outputList);
    this.inputs = inputList;
    this.outputs = outputList;
    this.graphNodes = network.nodes;
    this.graphLayers = network.layers;
    this.singleOutput = !Array.isArray(outputs) && !isTensorRecord(outputs);
    this.built = true;
  }

  /** The model's layers in graph order (functional models include their InputLayers). */
  get layers(): Layer[] {
    return [...this.graphLayers];
  }

  /** Names of the inputs (their Input layers' names): the keys for dict data. */
  get inputNames(): string[] {
    return this.inputs.map((t) => t.sourceLayer.name);
  }

  /** Names of the outputs (their layers' names): the keys for dict targets and log prefixes. */
  get outputNames(): string[] {
    return this.outputs.map((t) => t.sourceLayer.name);
  }

  /** Finds a layer by name or by index in `layers`. */
  getLayer(nameOrIndex: string | number): Layer {
    const layers = this.layers;
    if (typeof nameOrIndex === 'number') {
      const layer = layers[nameOrIndex];
      if (layer === undefined) {
        throw new ValueError(`getLayer(${nameOrIndex}): model '${this.name}' has ${layers.length} layers (indices 0–${layers.length - 1}).`);
      }
      return layer;
    }
    const layer = layers.find((l) => l.name === nameOrIndex);
    if (layer === undefined) {
      throw new ValueError(`No layer named '${nameOrIndex}' in model '${this.name}'. Layers: ${layers.map((l) => l.name).join(', ')}.`);
    }
    return layer;
  }

  /**
   * The graph's layers (and any the model registered itself): their weights, losses and states are
   * the model's, and `dispose` disposes them. InputLayers are left out: they hold nothing, and their
   * tensors may feed other models.
   */
  protected override get sublayers(): readonly Layer[] {
    return [...this.graphLayers.filter((layer) => !(layer instanceof InputLayer)), ...super.sublayers];
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape | Shape[] {
    const first = (Array.isArray(inputShape[0]) ? (inputShape[0] as Shape) : (inputShape as Shape))[0] ?? null;
    const shapes = this.outputs.map((t) => [first, ...t.shape.slice(1)]);
    return shapes.length === 1 ? shapes[0]! : shapes;
  }

  override computeOutputDtype(): tf.DataType {
    return this.outputs[0]?.dtype ?? 'float32';
  }

  /** Runs the graph; one output tensor comes back as a tensor, several as a list (see {@link ModelCallOutput}). */
  override call(inputs: tf.Tensor | tf.Tensor[], options?: CallOptions): ModelCallOutput<Outputs>;
  override call(inputs: tf.Tensor | tf.Tensor[], options: CallOptions = {}): tf.Tensor | tf.Tensor[] {
    const outputs = this.runGraph(Array.isArray(inputs) ? inputs : [inputs], options);
    return outputs.length === 1 ? outputs[0]! : outputs;
  }

  /** Runs the graph on concrete tensors (in input order) and returns the outputs in output order. */
  runGraph(inputs: tf.Tensor[], options: CallOptions = {}): tf.Tensor[] {
    if (inputs.length !== this.inputs.length) {
      throw new ValueError(`Model '${this.name}' expects ${this.inputs.length} input(s) (${this.inputNames.join(', ')}), got ${inputs.length}.`);
    }
    const values = new Map<number, tf.Tensor>();
    const masks = new Map<number, MaskValue>();
    const inputMasks = Array.isArray(options.mask) ? options.mask : [options.mask ?? null];
    this.inputs.forEach((input, index) => {
      values.set(input.id, inputs[index]!);
      masks.set(input.id, inputMasks[index] ?? null);
    });
    for (const node of this.graphNodes) {
      const layer = node.outboundLayer;
      const nodeInputs = node.inputTensors.map((t) => values.get(t.id)!);
      const nodeMasks = node.inputTensors.map((t) => masks.get(t.id) ?? null);
      const single = nodeInputs.length === 1;
      const callInputs = single ? nodeInputs[0]! : nodeInputs;
      const mask = single ? nodeMasks[0]! : nodeMasks.every((m) => m === null) ? null : nodeMasks;
      const callOptions: CallOptions = { ...node.callArgs, training: (node.callArgs.training as boolean | undefined) ?? options.training };
      if (mask !== null) callOptions.mask = mask;
      const result = layer.call(callInputs, callOptions);
      const outputList = Array.isArray(result) ? result : [result];
      const outputMask = layer.computeMask(callInputs, mask);
      const outputMasks = Array.isArray(outputMask) ? outputMask : [outputMask];
      node.outputTensors.forEach((t, index) => {
        values.set(t.id, outputList[index]!);
        masks.set(t.id, outputMasks[index] ?? null);
      });
    }
    return this.outputs.map((t) => values.get(t.id)!);
  }

  /**
   * Prints Keras 3's summary table (Layer (type) | Output Shape | Param #, plus Connected to for
   * graphs with branches) and the parameter totals. `lineLength` is the table's width; by default
   * Keras's 88 (108 with Connected to), at most the terminal's width − 4 (80 − 4 without one).
   */
  summary(printFn: (line: string) => void = (line) => console.log(line), lineLength?: number): void {
    for (const line of summarize(this, { lineLength, terminalColumns: platform.terminalColumns() })) printFn(line);
  }

  /**
   * camelCase config of the graph: `{ name, trainable, layers: [{ name, className, config,
   * inboundNodes }], inputLayers, outputLayers }` (Keras's functional layout); saving converts it
   * to snake_case.
   */
  override getConfig(): Record<string, unknown> {
    return { ...functionalConfig(this) };
  }

  /** Rebuilds a functional model from {@link Model.getConfig} output (layers come from the registry). */
  static fromConfig(config: Record<string, unknown>): Model {
    const { inputs, outputs } = reconstructGraph(config);
    const model = new Model({
      inputs: inputs.length === 1 ? inputs[0]! : inputs,
      outputs: outputs.length === 1 ? outputs[0]! : outputs,
      name: typeof config.name === 'string' ? config.name : undefined,
    });
    if (config.trainable === false) model.trainable = false;
    return model;
  }

  /** Makes the model dispose its optimizer (loadModel creates one the user never sees). */
  _adoptOptimizer(): void {
    if (this.compiled !== undefined) this.compiled.ownsOptimizer = true;
  }

  /** The options given to `compile`, or undefined before compiling (saving stores them). */
  get compileOptions(): CompileOptions | undefined {
    return this.compiled?.options;
  }

  /**
   * Saves the model in the tfjs-layers format, including the optimizer state unless
   * `includeOptimizer: false`. `target` is what tfjs users know (see {@link SaveTarget}): a
   * directory or a file ending in `model.json` (Node: `model.json` + `weights.bin`),
   * `'indexeddb://name'`, `'localstorage://name'`, `'downloads://name'`, or an IOHandler such as
   * `tf.io.withSaveHandler(async (artifacts) => …)`. Load it with `loadModel(…)`.
   */
  save(target: SaveTarget, options?: SaveOptions): Promise<tf.io.SaveResult> {
    return saveModel(this, target, options);
  }

  /** Saves the weights only, to the same targets as `save` (a directory gets `model.weights.json` + `model.weights.bin`). */
  saveWeights(target: SaveTarget): Promise<tf.io.SaveResult> {
    return saveWeights(this, target);
  }

  /**
   * Loads weights saved by `saveWeights` or `save` (from the sources `loadModel` reads) into this
   * model; throws without changing anything on a mismatch.
   */
  loadWeights(source: LoadSource, options?: FetchOptions): Promise<void> {
    return loadWeights(this, source, options);
  }
}

registerLayerClass(Model);

function isTensorRecord(value: unknown): value is Record<string, SymbolicTensor> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !('sourceLayer' in value);
}

/** The tensors of `inputs` / `outputs` as given (one, a list, or a record by name), in order, in a new list. */
function tensorList(value: ModelOutputs): SymbolicTensor[] {
  if (isTensorList(value)) return [...value];
  return isTensorRecord(value) ? Object.values(value) : [value];
}

// Array.isArray does not narrow a union holding a readonly array type.
function isTensorList(value: ModelOutputs): value is readonly SymbolicTensor[] {
  return Array.isArray(value);
}

engineWeightListOwners.add(Model.prototype);
