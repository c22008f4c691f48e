import type { Layer } from './layer.js';
import type { SymbolicTensor } from './symbolic-tensor.js';
import type { Shape } from './types.js';

/**
 * One call of a layer on symbolic tensors: what went in, what came out. A layer applied to
 * several inputs (a shared layer) has one Node per call in `layer.inboundNodes`.
 */
export class Node {
  constructor(
    /** The layer that was called. */
    readonly outboundLayer: Layer,
    /** Symbolic inputs of the call. */
    readonly inputTensors: SymbolicTensor[],
    /** Symbolic outputs of the call. */
    readonly outputTensors: SymbolicTensor[],
    /** Keyword arguments of the call other than tensors (e.g. `{ training: false }`). */
    readonly callArgs: Record<string, unknown>,
  ) {}

  /** Layers that produced the inputs, in input order. */
  get inboundLayers(): Layer[] {
    return this.inputTensors.map((tensor) => tensor.sourceLayer);
  }

  /** For each input, the index of the producing call in its layer's inboundNodes. */
  get nodeIndices(): number[] {
    return this.inputTensors.map((tensor) => tensor.nodeIndex);
  }

  /** For each input, its index among the producing call's outputs. */
  get tensorIndices(): number[] {
    return this.inputTensors.map((tensor) => tensor.tensorIndex);
  }

  /** Shapes of the inputs (one shape when the call had one input). */
  get inputShapes(): Shape | Shape[] {
    const shapes = this.inputTensors.map((tensor) => tensor.shape);
    return shapes.length === 1 ? shapes[0]! : shapes;
  }

  /** Shapes of the outputs (one shape when the call had one output). */
  get outputShapes(): Shape | Shape[] {
    const shapes = this.outputTensors.map((tensor) => tensor.shape);
    return shapes.length === 1 ? shapes[0]! : shapes;
  }
}
