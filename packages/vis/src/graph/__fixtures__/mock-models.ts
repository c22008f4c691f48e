import type { LayerLike, ModelLike, NodeLike, ShapeLike, SymbolicTensorLike } from '../../model-graph.js';

/** A plain-object layer for tests: records calls and their shapes like a keras-ts Layer would. */
export interface MockLayer extends LayerLike {
  inboundNodes: NodeLike[];
  shapes: ShapeLike[];
  activation?: string;
}

/** Creates a mock layer; `outputShape` throws once it has been called twice, like Keras. */
export function mockLayer(name: string, className: string, activation?: string): MockLayer {
  const layer: MockLayer = {
    name,
    className,
    inboundNodes: [],
    shapes: [],
    dtype: 'float32',
    activation,
    get outputShape(): ShapeLike {
      if (this.shapes.length !== 1) throw new Error(`Layer ${name} has multiple inbound nodes, hence the notion of "layer output" is ill-defined.`);
      return this.shapes[0] as ShapeLike;
    },
    getOutputShapeAt(index: number): ShapeLike {
      const shape = this.shapes[index];
      if (!shape) throw new Error(`no node ${index}`);
      return shape;
    },
    getConfig() {
      return activation ? { activation } : {};
    },
  };
  return layer;
}

/** An InputLayer producing `shape`. */
export function mockInput(name: string, shape: ShapeLike): MockLayer {
  const layer = mockLayer(name, 'InputLayer');
  layer.inboundNodes.push({ inboundLayers: [] });
  layer.shapes.push(shape);
  return layer;
}

/** Records one call of `layer` on the outputs of `inbound`, producing `shape`. */
export function call(layer: MockLayer, inbound: LayerLike[], shape: ShapeLike, tensorIndices?: number[]): MockLayer {
  layer.inboundNodes.push(tensorIndices ? { inboundLayers: inbound, tensorIndices } : { inboundLayers: inbound });
  layer.shapes.push(shape);
  return layer;
}

/** The symbolic tensor produced by a layer. */
export function tensor(layer: LayerLike, tensorIndex = 0): SymbolicTensorLike {
  return { sourceLayer: layer, tensorIndex };
}

/** A model over the given layers. */
export function mockModel(name: string, layers: LayerLike[], inputs: LayerLike[], outputs: LayerLike[]): ModelLike {
  return { name, layers, inputs: inputs.map((layer) => tensor(layer)), outputs: outputs.map((layer) => tensor(layer)) };
}

/**
 * The Keras functional-API guide's multi-input, multi-output model: a title
 * and a body text plus tags in; a priority score and a department out.
 */
export function multiInputOutputModel(): ModelLike {
  const title = mockInput('title', [null, null]);
  const body = mockInput('body', [null, null]);
  const tags = mockInput('tags', [null, 12]);
  const embedding = call(call(mockLayer('embedding', 'Embedding'), [title], [null, null, 64]), [body], [null, null, 64]);
  const titleLstm = call(mockLayer('lstm', 'LSTM', 'tanh'), [embedding], [null, 128], [0]);
  const bodyLstm = call(mockLayer('lstm_1', 'LSTM', 'tanh'), [embedding], [null, 32]);
  // The body LSTM consumes the embedding's second call; record that index.
  (bodyLstm.inboundNodes[0] as { tensorIndices?: number[] }).tensorIndices = [0];
  const merged = call(mockLayer('concatenate', 'Concatenate'), [titleLstm, bodyLstm, tags], [null, 172]);
  const priority = call(mockLayer('priority', 'Dense', 'sigmoid'), [merged], [null, 1]);
  const department = call(mockLayer('department', 'Dense', 'softmax'), [merged], [null, 4]);
  return mockModel(
    'ticket_classifier',
    [title, body, tags, embedding, titleLstm, bodyLstm, merged, priority, department],
    [title, body, tags],
    [priority, department],
  );
}

/** Seed 000's model: Input(10000) → Dense(64, relu) → Dense(46, softmax). */
export function sequentialModel(): ModelLike {
  const input = mockInput('input', [null, 10000]);
  const hidden = call(mockLayer('dense', 'Dense', 'relu'), [input], [null, 64]);
  const output = call(mockLayer('dense_1', 'Dense', 'softmax'), [hidden], [null, 46]);
  return mockModel('functional', [input, hidden, output], [input], [output]);
}

/**
 * A siamese model: one nested encoder model (Input → Dense → Dense) applied to
 * two inputs, its outputs concatenated and classified. The encoder is a shared
 * layer (two inbound nodes) and a nested model.
 */
export function nestedSharedModel(): { model: ModelLike; encoder: MockLayer } {
  const encoderInput = mockInput('encoder_input', [null, 784]);
  const encoderHidden = call(mockLayer('encoder_dense', 'Dense', 'relu'), [encoderInput], [null, 128]);
  const encoderOutput = call(mockLayer('embedding_out', 'Dense'), [encoderHidden], [null, 32]);
  const left = mockInput('left', [null, 784]);
  const right = mockInput('right', [null, 784]);
  const encoder = mockLayer('encoder', 'Functional') as MockLayer & { layers: LayerLike[]; inputs: SymbolicTensorLike[]; outputs: SymbolicTensorLike[] };
  encoder.layers = [encoderInput, encoderHidden, encoderOutput];
  encoder.inputs = [tensor(encoderInput)];
  encoder.outputs = [tensor(encoderOutput)];
  // The encoder's own graph call (inside itself) is not an inbound node of the encoder.
  call(encoder, [left], [null, 32]);
  call(encoder, [right], [null, 32]);
  const distance = call(mockLayer('concatenate', 'Concatenate'), [encoder, encoder], [null, 64], [0, 0]);
  const output = call(mockLayer('same', 'Dense', 'sigmoid'), [distance], [null, 1]);
  return { model: mockModel('siamese', [left, right, encoder, distance, output], [left, right], [output]), encoder };
}
