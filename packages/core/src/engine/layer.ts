import * as tf from '@tensorflow/tfjs-core';
import { ShapeError, ValueError } from '../errors/errors.js';
import { currentCallContext } from './call-context.js';
import { LayerWeight } from './layer-weight.js';
import { disposeParts, flattenLayerTree, uniqueWeights } from './layer-tree.js';
import { currentNameScope, defaultLayerName, withNameScope } from './naming.js';
import { Node } from './node.js';
import { engineWeightListOwners, usesEngineWeightLists, weightStructureChanged } from './weight-structure.js';
import { SymbolicTensor, isSymbolic } from './symbolic-tensor.js';
import { type CallOptions, type Constraint, type Initializer, type InputSpec, type Regularizer, type Shape, formatShape } from './types.js';
// Loading bounds weight sizes by the file's tensors (see saving/weight-allowance.ts).
import { checkWeightAllowance } from '../saving/weight-allowance.js';

/** Options every layer accepts. Defaults follow Keras 3. */
export interface LayerConfig {
  /** Unique name in its model; default: the snake_case class name with a counter (`dense_1`). */
  name?: string;
  /** Whether the layer's weights are updated by training. Default: true. */
  trainable?: boolean;
  /** Dtype of the layer's weights and computations. Default: 'float32'. */
  dtype?: tf.DataType;
  /** For a first layer: the input shape without the batch dimension. */
  inputShape?: Shape;
  /** For a first layer with 1-D input: the input size (same as `inputShape: [inputDim]`). */
  inputDim?: number;
  /** For a first layer: the full input shape including the batch dimension. */
  batchInputShape?: Shape;
  /** For a first layer: a fixed batch size (with `inputShape`). */
  batchSize?: number;
}

/** Options of {@link Layer.addWeight}. */
export interface AddWeightOptions {
  /** Default: true. */
  trainable?: boolean;
  regularizer?: Regularizer;
  constraint?: Constraint;
  /** Default: the layer's dtype. */
  dtype?: tf.DataType;
}

type Tensors = tf.Tensor | tf.Tensor[];

/**
 * What a layer type's `call` returns: `tf.Tensor` for a single-output layer (Dense, Conv2D, …),
 * `tf.Tensor[]` or a tuple for a multi-output one (an LSTM with `returnState`, a multi-output
 * Model), the union when the type does not say. `layer.apply(tensor)` returns this type.
 */
export type CallOutput<L extends Layer> = ReturnType<L['call']>;

/**
 * What `layer.apply(symbolicTensor)` returns for a layer type: the symbolic mirror of
 * {@link CallOutput} — a `SymbolicTensor` where `call` returns one tensor, an array (a tuple
 * where `call` returns a tuple) where it returns several.
 */
export type SymbolicOutput<L extends Layer> = SymbolicOf<CallOutput<L>>;

type SymbolicOf<T> = T extends readonly tf.Tensor[] ? { -readonly [K in keyof T]: SymbolicTensor } : SymbolicTensor;

/**
 * Base class of every layer: a callable with weights. `apply` on SymbolicTensors adds a node to
 * the graph; on real Tensors it computes eagerly. Subclasses implement `build`, `call`,
 * `computeOutputShape` and `getConfig`.
 */
export abstract class Layer {
  /** Class name used in summaries and serialization (Keras's class name). */
  static className = 'Layer';
  /** The layer's name, unique within a model. */
  readonly name: string;
  /** Dtype of weights and outputs. */
  readonly dtype: tf.DataType;
  /** Whether `build` has created the weights. */
  built = false;
  /** Whether the layer passes masks through (see `computeMask`). */
  supportsMasking = false;
  /**
   * Whether a compiled step (`compile({ jitCompile })`) may trace this layer's call and replay
   * its kernels. Set it to false in a layer whose call depends on JavaScript state a replay
   * would not see; its model then runs eagerly.
   */
  supportsJit = true;
  /** Input expectations checked at `apply`; one entry per input. */
  inputSpec: InputSpec[] | null = null;
  /** The calls of this layer on symbolic tensors, in order. */
  readonly inboundNodes: Node[] = [];
  /** The calls that consumed this layer's outputs. */
  readonly outboundNodes: Node[] = [];
  /** Full input shape requested by the config (first layer of a Sequential), if any. */
  readonly batchInputShape: Shape | undefined;

  /** The weights this layer created with `addWeight` (not its sublayers'), in creation order. */
  protected readonly ownWeights: LayerWeight[] = [];
  /**
   * How `weights` orders the weights of a layer with sublayers (Keras 2's orders, which saved
   * files and `getWeights`/`setWeights` follow). 'trainableFirst', for layers: every trainable
   * weight, then every non-trainable one (a Bidirectional LSTM with a frozen forward direction
   * lists the backward weights first). 'byLayer', for models: the layer's own weights, then each
   * sublayer's `weights` in turn (a Dense's kernel and bias, then a BatchNormalization's gamma,
   * beta, moving mean and variance, then the next Dense's).
   */
  protected readonly weightOrder: 'trainableFirst' | 'byLayer' = 'trainableFirst';
  private readonly trackedLayers: Layer[] = [];
  private trainableFlag: boolean;

  constructor(config: LayerConfig = {}) {
    const ctor = this.constructor as typeof Layer;
    this.name = config.name ?? defaultLayerName(ctor.className);
    this.trainableFlag = config.trainable ?? true;
    this.dtype = config.dtype ?? 'float32';
    if (config.batchInputShape !== undefined) this.batchInputShape = [...config.batchInputShape];
    else if (config.inputShape !== undefined) this.batchInputShape = [config.batchSize ?? null, ...config.inputShape];
    else if (config.inputDim !== undefined) this.batchInputShape = [config.batchSize ?? null, config.inputDim];
  }

  /** Keras class name of this layer (`'Dense'`). */
  get className(): string {
    return (this.constructor as typeof Layer).className;
  }

  /**
   * Whether training updates this layer's weights. A non-trainable layer freezes its sublayers'
   * weights too (their own flags are left as they are and count again once it is trainable).
   */
  get trainable(): boolean {
    return this.trainableFlag;
  }
  set trainable(value: boolean) {
    this.trainableFlag = value;
    weightStructureChanged();
  }

  /**
   * Registers `layer` as a part of this one (a wrapper's inner layer, an RNN's cell): its weights,
   * regularization losses and states then count as this layer's (after this layer's own weights),
   * `dispose` disposes it, and a non-trainable parent freezes it. Call it in the constructor,
   * before building; registering the same layer twice keeps one entry. Returns `layer`, so a
   * constructor can write `this.cell = this.trackLayer(cell)`.
   */
  protected trackLayer<T extends Layer>(layer: T): T {
    if ((layer as Layer) === this) throw new ValueError(`Layer '${this.name}' cannot be a sublayer of itself.`);
    if (!this.trackedLayers.includes(layer)) {
      this.trackedLayers.push(layer);
      weightStructureChanged();
    }
    return layer;
  }

  /**
   * The layers this one is made of, in order: those registered with {@link Layer.trackLayer}. A
   * layer whose parts change after construction (a Model, whose graph grows with
   * `Sequential.add`) overrides this getter to derive them.
   */
  protected get sublayers(): readonly Layer[] {
    return this.trackedLayers;
  }

  /**
   * Whether this layer and every layer under it compute their weight lists with the engine's own
   * getters, so that the lists change only where the engine counts a weight-structure change (a
   * layer class may override `weights` or its sublayers to compute them otherwise).
   */
  protected weightListsFollowStructure(): boolean {
    return this.findLayer((layer) => !usesEngineWeightLists(layer)) === undefined;
  }

  /** How many times this layer's computation graph was set: a model's (see Model); 0 for other layers. */
  protected graphSets(): number {
    return 0;
  }

  /** {@link Layer.graphSets} summed over this layer and every distinct layer under it. */
  protected graphSetsInTree(): number {
    let sets = 0;
    this.findLayer((layer) => {
      sets += layer.graphSets();
      return false;
    });
    return sets;
  }

  /** This layer, or the first of its sublayers however deeply nested, for which `predicate` holds. */
  protected findLayer(predicate: (layer: Layer) => boolean, seen = new Set<Layer>()): Layer | undefined {
    if (seen.has(this)) return undefined;
    seen.add(this);
    if (predicate(this)) return this;
    for (const layer of this.sublayers) {
      const found = layer.findLayer(predicate, seen);
      if (found !== undefined) return found;
    }
    return undefined;
  }

  /** Creates the weights for inputs of `inputShape`. Called once, before the first call. */
  build(_inputShape: Shape | Shape[]): void {}

  /** The computation. `inputs` is a Tensor, or an array for multi-input layers. */
  call(inputs: Tensors, _options: CallOptions): Tensors {
    return inputs;
  }

  /** Output shape(s) for input shape(s); `null` marks unknown dimensions. */
  computeOutputShape(inputShape: Shape | Shape[]): Shape | Shape[] {
    return inputShape;
  }

  /** Output dtype(s); default: the layer's dtype for every output. */
  computeOutputDtype(_inputDtypes: tf.DataType[]): tf.DataType {
    return this.dtype;
  }

  /** The output mask: by default the input mask when the layer supports masking, else none. */
  computeMask(_inputs: Tensors, mask?: tf.Tensor | null | (tf.Tensor | null)[]): tf.Tensor | null | (tf.Tensor | null)[] {
    if (!this.supportsMasking) return null;
    return mask ?? null;
  }

  /** camelCase config that `fromConfig` turns back into an equal layer. */
  getConfig(): Record<string, unknown> {
    const config: Record<string, unknown> = { name: this.name, trainable: this.trainable, dtype: this.dtype };
    if (this.batchInputShape !== undefined) config.batchInputShape = [...this.batchInputShape];
    return config;
  }

  /**
   * Calls the layer: builds the graph on SymbolicTensors, computes on Tensors. The result has the
   * structure `call` declares for this layer type (see {@link SymbolicOutput}): one tensor for a
   * single-output layer, so `new Dense({ units: 10 }).apply(x)` is a `SymbolicTensor` that the
   * next layer takes as is; an array for a multi-output one (`const [output, h, c] =
   * new LSTM({ units, returnState: true }).apply(x)`). A subclass with several outputs declares
   * its `call` as returning `tf.Tensor[]` (or a tuple).
   */
  apply<Self extends Layer>(this: Self, inputs: SymbolicTensor | SymbolicTensor[], options?: CallOptions): SymbolicOutput<Self>;
  apply<Self extends Layer>(this: Self, inputs: tf.Tensor | tf.Tensor[], options?: CallOptions): CallOutput<Self>;
  apply(inputs: SymbolicTensor | SymbolicTensor[] | Tensors, options: CallOptions = {}): unknown {
    if (isSymbolic(inputs)) return this.applySymbolic(inputs, options);
    if (Array.isArray(inputs) ? inputs.some((item) => item instanceof SymbolicTensor) : false) {
      throw new ValueError(`Layer '${this.name}' was called with a mix of SymbolicTensors and Tensors.`);
    }
    const tensors = inputs as Tensors;
    const list = Array.isArray(tensors) ? tensors : [tensors];
    this.assertInputCompatibility(
      list.map((t) => t.shape),
      list.map((t) => t.dtype),
    );
    const shapes: Shape[] = list.map((t) => [null, ...t.shape.slice(1)]);
    this.maybeBuild(shapes.length === 1 ? shapes[0]! : shapes);
    return this.call(tensors, options);
  }

  /**
   * Builds a part of this layer (an RNN's cell, a Bidirectional's directions) in this layer's name
   * scope, so the part's weights are named under this layer as in Keras 3:
   * `lstm/lstm_cell/kernel` rather than `lstm_cell/kernel`.
   */
  protected buildSublayer(layer: Layer, inputShape: Shape | Shape[]): void {
    withNameScope(this.name, () => layer.maybeBuild(inputShape));
  }

  /** Builds the layer if it has not been built. */
  maybeBuild(inputShape: Shape | Shape[]): void {
    if (!this.built) {
      this.build(inputShape);
      this.built = true;
    }
  }

  private applySymbolic(inputs: SymbolicTensor | SymbolicTensor[], options: CallOptions): SymbolicTensor | SymbolicTensor[] {
    const list = Array.isArray(inputs) ? inputs : [inputs];
    this.assertInputCompatibility(
      list.map((t) => t.shape),
      list.map((t) => t.dtype),
    );
    const inputShape = list.length === 1 ? list[0]!.shape : list.map((t) => t.shape);
    this.maybeBuild(inputShape);
    const outputShape = this.computeOutputShape(inputShape);
    const outputShapes: Shape[] = outputShape.length > 0 && Array.isArray(outputShape[0]) ? (outputShape as Shape[]) : [outputShape as Shape];
    const dtype = this.computeOutputDtype(list.map((t) => t.dtype));
    const nodeIndex = this.inboundNodes.length;
    const outputs = outputShapes.map(
      (shape, index) =>
        new SymbolicTensor(
          dtype,
          shape,
          this,
          nodeIndex,
          index,
          `${this.name}/output${outputShapes.length > 1 ? `_${index}` : ''}${nodeIndex > 0 ? `:${nodeIndex}` : ''}`,
        ),
    );
    const callArgs: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(options)) if (key !== 'mask') callArgs[key] = value;
    const node = new Node(this, list, outputs, callArgs);
    this.inboundNodes.push(node);
    for (const input of list) input.sourceLayer.outboundNodes.push(node);
    return outputs.length === 1 ? outputs[0]! : outputs;
  }

  /** Checks inputs against `inputSpec`; throws a ShapeError naming the layer and the mismatch. */
  protected assertInputCompatibility(shapes: (number | null)[][], dtypes: tf.DataType[]): void {
    if (this.inputSpec === null) return;
    if (this.inputSpec.length !== shapes.length) {
      throw new ValueError(`Layer '${this.name}' expects ${this.inputSpec.length} input(s), got ${shapes.length}.`);
    }
    this.inputSpec.forEach((spec, index) => {
      const shape = shapes[index]!;
      const where = shapes.length > 1 ? ` (input ${index})` : '';
      const got = `got shape ${formatShape(shape)}`;
      if (spec.ndim !== undefined && shape.length !== spec.ndim) {
        throw new ShapeError(`${this.className} '${this.name}'${where} expects inputs of rank ${spec.ndim}, ${got}.`);
      }
      if (spec.minNdim !== undefined && shape.length < spec.minNdim) {
        throw new ShapeError(`${this.className} '${this.name}'${where} expects inputs of rank ≥ ${spec.minNdim}, ${got}.`);
      }
      if (spec.maxNdim !== undefined && shape.length > spec.maxNdim) {
        throw new ShapeError(`${this.className} '${this.name}'${where} expects inputs of rank ≤ ${spec.maxNdim}, ${got}.`);
      }
      if (spec.dtype !== undefined && dtypes[index] !== spec.dtype) {
        throw new ValueError(`${this.className} '${this.name}'${where} expects dtype ${spec.dtype}, got ${dtypes[index]}.`);
      }
      for (const [axisText, size] of Object.entries(spec.axes ?? {})) {
        const axis = Number(axisText);
        const actual = shape[axis < 0 ? shape.length + axis : axis];
        if (actual !== null && actual !== undefined && actual !== size) {
          throw new ShapeError(`${this.className} '${this.name}'${where} expects inputs with dimension ${axis} equal to ${size}, ${got}.`);
        }
      }
    });
  }

  /**
   * Creates a weight; call from `build`. Its name is the layer's path and `name`
   * (`dense/kernel`; `lstm/lstm_cell/kernel` for a part built with {@link Layer.buildSublayer}).
   */
  addWeight(name: string, shape: number[], initializer: Initializer, options: AddWeightOptions = {}): LayerWeight {
    checkWeightAllowance(this.name, name, shape);
    const dtype = options.dtype ?? this.dtype;
    const initial = tf.tidy(() => {
      const value = initializer.apply(shape, dtype);
      return value.dtype === dtype ? value : tf.cast(value, dtype);
    });
    const weight = new LayerWeight(`${currentNameScope()}${this.name}/${name}`, initial, options.trainable ?? true, options.regularizer, options.constraint);
    initial.dispose();
    this.ownWeights.push(weight);
    weightStructureChanged();
    return weight;
  }

  /** Adds a loss (e.g. an activity penalty) to the running model call; ignored outside one. */
  addLoss(loss: tf.Scalar): void {
    currentCallContext()?.losses.push(loss);
  }

  /**
   * All weights, this layer's and its sublayers', each once. A layer lists its trainable weights,
   * then its non-trainable ones; a model lists its layers' weights layer by layer (see
   * `weightOrder`). `getWeights`, `setWeights` and saved files use this order.
   */
  get weights(): LayerWeight[] {
    if (this.weightOrder === 'trainableFirst') return [...this.trainableWeights, ...this.nonTrainableWeights];
    const own = this.trainable ? [...this.ownWeights.filter((w) => w.trainable), ...this.ownWeights.filter((w) => !w.trainable)] : this.ownWeights;
    return uniqueWeights([...own, ...this.sublayers.flatMap((layer) => layer.weights)]);
  }

  /**
   * Weights that training updates: own weights first, then each sublayer's trainable weights. Empty
   * when the layer is not trainable. A weight that is frozen along some path (a shared sublayer
   * inside a frozen part) is left out.
   */
  get trainableWeights(): LayerWeight[] {
    if (!this.trainable) return [];
    const own = this.ownWeights.filter((w) => w.trainable);
    if (this.sublayers.length === 0) return own;
    const frozen = new Set(this.nonTrainableWeights);
    return uniqueWeights([...own, ...this.sublayers.flatMap((layer) => layer.trainableWeights)]).filter((w) => !frozen.has(w));
  }

  /**
   * Weights that training does not update (moving statistics, frozen layers): own weights first,
   * then each sublayer's. All weights of a non-trainable layer, its sublayers' included.
   */
  get nonTrainableWeights(): LayerWeight[] {
    if (!this.trainable) return uniqueWeights([...this.ownWeights, ...this.sublayers.flatMap((layer) => layer.weights)]);
    return uniqueWeights([...this.ownWeights.filter((w) => !w.trainable), ...this.sublayers.flatMap((layer) => layer.nonTrainableWeights)]);
  }

  /**
   * Regularization penalties (computed now) of this layer's weights and of its sublayers', layer by
   * layer (this one first, then its sublayers depth first), each shared sublayer once.
   */
  regularizationLosses(): tf.Scalar[] {
    const losses: tf.Scalar[] = [];
    for (const layer of this.layerTree()) {
      for (const weight of layer.ownWeights) if (weight.regularizer) losses.push(weight.regularizer.apply(weight.variable));
    }
    return losses;
  }

  /**
   * Resets the states of the stateful layers in this one (a stateful RNN's carried states go back
   * to zeros), however deeply they are nested (in a Bidirectional, a TimeDistributed model, a
   * nested model). Layers without state are left as they are.
   */
  resetStates(): void {
    for (const layer of this.layerTree()) layer.resetOwnStates();
  }

  /** Resets the state this layer itself carries, if any; `resetStates` calls it on every layer of the tree. */
  protected resetOwnStates(): void {}

  /** This layer and every distinct layer under it, depth first, each before its sublayers. */
  private layerTree(): Layer[] {
    return flattenLayerTree(this, (layer) => layer.sublayers);
  }

  /** Copies of the weight values, in `weights` order. */
  getWeights(): tf.Tensor[] {
    return this.weights.map((w) => tf.clone(w.variable));
  }

  /** Sets weight values from tensors in `weights` order; checks count and shapes first. */
  setWeights(values: tf.Tensor[]): void {
    const weights = this.weights;
    if (values.length !== weights.length) {
      throw new ValueError(`Layer '${this.name}' has ${weights.length} weight(s), but setWeights got ${values.length}.`);
    }
    weights.forEach((weight, index) => {
      const value = values[index]!;
      if (!tf.util.arraysEqual(value.shape, weight.shape)) {
        throw new ShapeError(`Weight '${weight.name}' has shape [${weight.shape.join(', ')}], got [${value.shape.join(', ')}] at index ${index}.`);
      }
    });
    weights.forEach((weight, index) => weight.assign(values[index]!));
  }

  /** Number of scalars in all weights. */
  countParams(): number {
    return this.weights.reduce((total, w) => total + w.size, 0);
  }

  /** Frees the layer's variables and disposes its sublayers (each once, however many parents share it). */
  dispose(): void {
    disposeParts(this, this.sublayers);
    for (const weight of this.ownWeights) weight.dispose();
    this.ownWeights.length = 0;
    weightStructureChanged();
    this.built = false;
  }

  private nodeAt(nodeIndex: number, what: string): Node {
    const node = this.inboundNodes[nodeIndex];
    if (node === undefined) {
      throw new ValueError(`Asked for the ${what} at node ${nodeIndex} of layer '${this.name}', but it has ${this.inboundNodes.length} inbound node(s).`);
    }
    return node;
  }

  /** Input(s) of the call `nodeIndex`. */
  getInputAt(nodeIndex: number): SymbolicTensor | SymbolicTensor[] {
    const inputs = this.nodeAt(nodeIndex, 'input').inputTensors;
    return inputs.length === 1 ? inputs[0]! : inputs;
  }

  /** Output(s) of the call `nodeIndex`. */
  getOutputAt(nodeIndex: number): SymbolicTensor | SymbolicTensor[] {
    const outputs = this.nodeAt(nodeIndex, 'output').outputTensors;
    return outputs.length === 1 ? outputs[0]! : outputs;
  }

  /** Input shape(s) of the call `nodeIndex`. */
  getInputShapeAt(nodeIndex: number): Shape | Shape[] {
    return this.nodeAt(nodeIndex, 'input shape').inputShapes;
  }

  /** Output shape(s) of the call `nodeIndex`. */
  getOutputShapeAt(nodeIndex: number): Shape | Shape[] {
    return this.nodeAt(nodeIndex, 'output shape').outputShapes;
  }

  private singleNode(what: 'input' | 'output'): Node {
    if (this.inboundNodes.length === 0) {
      throw new ValueError(`Layer '${this.name}' has never been called and thus has no defined ${what}.`);
    }
    if (this.inboundNodes.length > 1) {
      const method = what === 'input' ? 'getInputAt' : 'getOutputAt';
      throw new ValueError(
        `Layer ${this.name} has multiple inbound nodes, hence the notion of "layer ${what}" is ill-defined. Use \`${method}(nodeIndex)\` instead.`,
      );
    }
    return this.inboundNodes[0]!;
  }

  /** The layer's input; throws when the layer was called more than once. */
  get input(): SymbolicTensor | SymbolicTensor[] {
    const inputs = this.singleNode('input').inputTensors;
    return inputs.length === 1 ? inputs[0]! : inputs;
  }

  /** The layer's output; throws when the layer was called more than once. */
  get output(): SymbolicTensor | SymbolicTensor[] {
    const outputs = this.singleNode('output').outputTensors;
    return outputs.length === 1 ? outputs[0]! : outputs;
  }

  private agreedShape(what: 'input' | 'output'): Shape | Shape[] {
    if (this.inboundNodes.length === 0) {
      throw new ValueError(`Layer '${this.name}' has never been called and thus has no defined ${what} shape.`);
    }
    const shapes = this.inboundNodes.map((node) => (what === 'input' ? node.inputShapes : node.outputShapes));
    const first = JSON.stringify(shapes[0]);
    if (shapes.some((shape) => JSON.stringify(shape) !== first)) {
      const method = what === 'input' ? 'getInputShapeAt' : 'getOutputShapeAt';
      throw new ValueError(
        `The layer "${this.name}" has multiple inbound nodes, with different ${what} shapes. Hence the notion of "${what} shape" is ill-defined for the layer. Use \`${method}(nodeIndex)\` instead.`,
      );
    }
    return shapes[0]!;
  }

  /** Input shape, defined when every call of the layer had the same input shape. */
  get inputShape(): Shape | Shape[] {
    return this.agreedShape('input');
  }

  /** Output shape, defined when every call of the layer had the same output shape. */
  get outputShape(): Shape | Shape[] {
    return this.agreedShape('output');
  }
}

engineWeightListOwners.add(Layer.prototype);
