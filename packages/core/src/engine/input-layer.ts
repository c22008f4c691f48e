import type * as tf from '@tensorflow/tfjs-core';
import { ValueError } from '../errors/errors.js';
import { Layer } from './layer.js';
import { Node } from './node.js';
import { registerLayerClass } from './registry.js';
import { SymbolicTensor } from './symbolic-tensor.js';
import type { Shape } from './types.js';

/** Options for {@link Input}. */
export interface InputOptions {
  /** Shape without the batch dimension; `null` for unknown sizes (e.g. `[null]` for sequences). */
  shape?: Shape;
  /** Full shape including the batch dimension (instead of `shape`). */
  batchShape?: Shape;
  /** Fixed batch size (with `shape`). */
  batchSize?: number;
  /** Element type. Default: 'float32'. */
  dtype?: tf.DataType;
  /** Name of the input; also the key for dict inputs to `fit`/`predict`. */
  name?: string;
}

/** The layer behind an `Input()` tensor: it has no inputs and one output. */
export class InputLayer extends Layer {
  static override className = 'InputLayer';

  constructor(options: InputOptions & { batchInputShape?: Shape } = {}) {
    const batchShape =
      options.batchInputShape ?? options.batchShape ?? (options.shape !== undefined ? [options.batchSize ?? null, ...options.shape] : undefined);
    if (batchShape === undefined) {
      throw new ValueError('Input() needs `shape` (without the batch dimension) or `batchShape`, e.g. Input({ shape: [784] }).');
    }
    super({ name: options.name, dtype: options.dtype ?? 'float32', batchInputShape: batchShape });
    this.built = true;
    const output = new SymbolicTensor(this.dtype, batchShape, this, 0, 0, this.name);
    this.inboundNodes.push(new Node(this, [], [output], {}));
  }

  /** The symbolic tensor this input layer feeds. */
  get outputTensor(): SymbolicTensor {
    return this.inboundNodes[0]!.outputTensors[0]!;
  }

  override getConfig(): Record<string, unknown> {
    return { batchInputShape: this.batchInputShape, dtype: this.dtype, name: this.name, sparse: false };
  }
}

/**
 * A symbolic input for a functional model: `Input({ shape: [784] })`. The batch dimension is
 * implied (`null`).
 */
export function Input(options: InputOptions): SymbolicTensor {
  return new InputLayer(options).outputTensor;
}

registerLayerClass(InputLayer);
