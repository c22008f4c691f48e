import * as tf from '@tensorflow/tfjs-core';
import { ValueError } from '../errors/errors.js';
import { InputLayer } from '../engine/input-layer.js';
import type { Layer } from '../engine/layer.js';
import { uniqueName } from '../engine/naming.js';
import { deserializeLayer, registerLayerClass } from '../engine/registry.js';
import { SymbolicTensor } from '../engine/symbolic-tensor.js';
import type { Shape } from '../engine/types.js';
import type { TensorData } from '../training/data-adapter.js';
import { Model } from './model.js';

/** Options for {@link Sequential}. */
export interface SequentialOptions {
  /** Model name. Default: 'sequential', 'sequential_1', … */
  name?: string;
  /** Whether training updates the weights. Default: true. */
  trainable?: boolean;
}

/**
 * A linear stack of layers. Give the first layer `inputShape` (or `inputDim` / `batchInputShape`)
 * to build it immediately; otherwise it builds from the first data it sees. Layers are checked
 * for compatibility as they are added. It has one output, so `predict` returns one tensor.
 */
export class Sequential extends Model<SymbolicTensor> {
  static override className = 'Sequential';
  private stack: Layer[] = [];
  /** While the constructor adds its layers, which Keras 3 builds once, at the end. */
  private addingInitialLayers = false;

  constructor(layers: Layer[] = [], options: SequentialOptions = {}) {
    super({ name: options.name, trainable: options.trainable });
    this.built = false;
    this.addingInitialLayers = true;
    try {
      for (const layer of layers) this.add(layer);
    } finally {
      this.addingInitialLayers = false;
    }
    if (this.inputs.length > 0 && this.stack.length > 0) this.takeFunctionalName();
  }

  /**
   * Keras 3 builds a Sequential by making a Functional model of its stack, anew on every `add`,
   * `pop` and build that leaves layers after the input, and each one takes a default name
   * ('functional', 'functional_1', …). keras-ts rebuilds its graph in place, but takes the same
   * names so the models a user makes next get the names Keras would give them.
   */
  private takeFunctionalName(): void {
    if (!this.addingInitialLayers) uniqueName('functional');
  }

  /** The layers of the stack (Keras 3 leaves out the InputLayer). */
  override get layers(): Layer[] {
    return [...this.stack];
  }

  /** Appends a layer (or a model used as a layer); throws if it cannot follow the current stack. */
  add(layer: Layer | SymbolicTensor): void {
    if (layer instanceof SymbolicTensor) {
      if (!(layer.sourceLayer instanceof InputLayer) || this.stack.length > 0 || this.inputs.length > 0) {
        throw new ValueError('Sequential.add() accepts an Input() tensor only as the first addition.');
      }
      this.setInput(layer);
      return;
    }
    if (this.stack.includes(layer)) throw new ValueError(`Layer '${layer.name}' is already in Sequential '${this.name}'.`);
    if (this.stack.some((l) => l.name === layer.name)) {
      throw new ValueError(`Sequential '${this.name}' already has a layer named '${layer.name}'. All layer names should be unique.`);
    }
    if (layer instanceof InputLayer) {
      if (this.stack.length > 0 || this.inputs.length > 0) throw new ValueError('An InputLayer can only be the first layer of a Sequential.');
      this.setInput(layer.outputTensor);
      return;
    }
    if (this.outputs.length === 0 && this.stack.length === 0 && this.inputs.length === 0) {
      const batchShape = layer.batchInputShape ?? (layer instanceof Model && layer.inputs.length === 1 ? layer.inputs[0]!.shape : undefined);
      if (batchShape !== undefined)
        this.setInput(
          // Unnamed, so it takes Keras 3's default 'input_layer' name.
          new InputLayer({ batchInputShape: batchShape, dtype: layer instanceof Model ? layer.inputs[0]!.dtype : undefined }).outputTensor,
        );
    }
    const current = this.outputs[0] ?? this.inputs[0];
    if (current !== undefined) {
      const output = layer.apply(current);
      if (Array.isArray(output)) {
        throw new ValueError(
          `Layers in a Sequential model should only have a single output, but '${layer.name}' has ${output.length}. Use the functional API for multi-output layers.`,
        );
      }
      this.stack.push(layer);
      this.initGraph(this.inputs[0]!, output);
      this.takeFunctionalName();
    } else {
      this.stack.push(layer);
    }
  }

  /** Removes the last layer. */
  pop(): Layer {
    const layer = this.stack.pop();
    if (layer === undefined) throw new ValueError(`There are no layers in Sequential '${this.name}' to pop.`);
    if (this.inputs.length === 1 && this.outputs.length === 1) {
      const node = layer.inboundNodes.pop();
      if (node !== undefined)
        for (const input of node.inputTensors) {
          const outbound = input.sourceLayer.outboundNodes;
          outbound.splice(outbound.indexOf(node), 1);
        }
      if (this.stack.length === 0) {
        this.outputs = [];
        this.graphNodes = [];
        this.graphLayers = [this.inputs[0]!.sourceLayer];
      } else {
        this.initGraph(this.inputs[0]!, node!.inputTensors[0]!);
        this.takeFunctionalName();
      }
    }
    return layer;
  }

  private setInput(input: SymbolicTensor): void {
    this.inputs = [input];
    this.graphLayers = [input.sourceLayer];
    let current = input;
    for (const layer of this.stack) {
      const output = layer.apply(current);
      if (Array.isArray(output)) throw new ValueError(`Layer '${layer.name}' has several outputs; Sequential needs one.`);
      current = output;
    }
    if (this.stack.length > 0) {
      this.initGraph(input, current);
      this.takeFunctionalName();
    }
  }

  /** Builds the stack when used as a layer (e.g. inside TimeDistributed) before it had an input shape. */
  override build(inputShape: Shape | Shape[]): void {
    if (this.inputs.length > 0) return;
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as Shape;
    this.buildWithShape([null, ...shape.slice(1)]);
  }

  /** Builds the stack for inputs of `batchInputShape` (done automatically by fit/predict). */
  buildWithShape(batchInputShape: Shape, dtype: tf.DataType = 'float32'): void {
    if (this.inputs.length > 0) return;
    if (this.stack.length === 0) throw new ValueError(`Sequential '${this.name}' has no layers to build.`);
    this.setInput(new InputLayer({ batchInputShape, dtype }).outputTensor);
  }

  protected override buildFromData(x: TensorData): void {
    if (this.inputs.length > 0) return;
    const tensor = x instanceof tf.Tensor ? x : Array.isArray(x) ? x[0] : Object.values(x)[0];
    if (tensor === undefined) throw new ValueError('Cannot build the Sequential model: no input data.');
    this.buildWithShape([null, ...tensor.shape.slice(1)], tensor.dtype === 'int32' ? 'int32' : 'float32');
  }

  /**
   * `{ name, trainable, layers: [{ className, config }] }`; a built model lists its InputLayer
   * first (as Keras 3 does, and tfjs-layers accepts), so the input shape and dtype round-trip.
   */
  override getConfig(): Record<string, unknown> {
    const layers = this.stack.map((layer) => ({ className: layer.className, config: layer.getConfig() }));
    const input = this.inputs[0]?.sourceLayer;
    if (input !== undefined) layers.unshift({ className: input.className, config: input.getConfig() });
    return { name: this.name, trainable: this.trainable, layers };
  }

  /** Rebuilds a Sequential from {@link Sequential.getConfig} output (or tfjs-layers' plain list of layers). */
  static override fromConfig(config: Record<string, unknown> | Record<string, unknown>[]): Sequential {
    const entries = (Array.isArray(config) ? config : config.layers) as { className: string; config: Record<string, unknown> }[] | undefined;
    if (!Array.isArray(entries)) throw new ValueError('A Sequential config needs a `layers` list of { className, config } entries.');
    const options = Array.isArray(config) ? {} : config;
    // Create every layer before adding any, so an unknown class fails before weights exist.
    const layers = entries.map((entry) => deserializeLayer(entry));
    const model = new Sequential([], { name: typeof options.name === 'string' ? options.name : undefined });
    try {
      for (const layer of layers) model.add(layer);
    } catch (error) {
      for (const layer of layers) layer.dispose();
      throw error;
    }
    if (options.trainable === false) model.trainable = false;
    return model;
  }
}

registerLayerClass(Sequential);
