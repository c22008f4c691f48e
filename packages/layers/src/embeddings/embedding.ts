import * as tf from '@tensorflow/tfjs-core';
import { stepInputCheck } from '@keras-ts/common';
import { type CallOptions, Layer, type LayerConfig, type LayerWeight, type Regularizer, type Shape, ValueError, registerLayerClass } from '@keras-ts/core';
import type { ConstraintIdentifier } from '../constraints/constraints.js';
import { type InitializerIdentifier, serializeInitializer } from '../initializers/registry.js';
import { type RegularizerIdentifier, getRegularizer } from '../regularizers/regularizers.js';
import { serializeOptional } from '../serialization.js';
import { checkPositiveInteger, firstTensor } from '../utils/arguments.js';
import { type WeightOptions, weightOptions } from '../utils/weight-options.js';

/** Options for {@link Embedding}. Defaults follow Keras 3. */
export interface EmbeddingConfig extends LayerConfig {
  /** Size of the vocabulary: indices must lie in `[0, inputDim)`. */
  inputDim: number;
  /** Size of each embedding vector. */
  outputDim: number;
  /** Default: 'randomUniform' (uniform in [-0.05, 0.05], Keras's 'uniform'). */
  embeddingsInitializer?: InitializerIdentifier;
  embeddingsRegularizer?: RegularizerIdentifier;
  /** Penalty on the layer's output, added to the loss. */
  activityRegularizer?: RegularizerIdentifier;
  embeddingsConstraint?: ConstraintIdentifier;
  /** Whether index 0 is padding: the layer then emits a mask (`index != 0`) for later layers. Default: false. */
  maskZero?: boolean;
  /** Length of input sequences when constant (Keras 2's option): sets the input shape to `[inputLength]`. */
  inputLength?: number;
}

/**
 * Turns integer indices into dense vectors: row `i` of an `[inputDim, outputDim]` table per index.
 *
 * Shapes: input `[batch, …]` (integers) → output `[batch, …, outputDim]`. Indices outside
 * `[0, inputDim)` throw, naming the layer and the bad index.
 */
export class Embedding extends Layer {
  static override className = 'Embedding';
  readonly inputDim: number;
  readonly outputDim: number;
  readonly maskZero: boolean;
  readonly inputLength?: number;
  /** The embedding table's initializer, regularizer and constraint. */
  readonly embeddingsOptions: WeightOptions;
  readonly activityRegularizer?: Regularizer;
  embeddings?: LayerWeight;

  constructor(config: EmbeddingConfig) {
    // `inputDim` here is the vocabulary size, not the base layer's input-size option (which would
    // make the input shape [inputDim]); the input shape comes from inputLength/inputShape only.
    const { inputDim: _vocabularySize, ...layerConfig }: Partial<EmbeddingConfig> = config ?? {};
    const withLength =
      config?.inputLength !== undefined && config.inputShape === undefined && config.batchInputShape === undefined
        ? { ...layerConfig, inputShape: [config.inputLength] }
        : layerConfig;
    super(withLength);
    this.inputDim = checkPositiveInteger(config?.inputDim, 'inputDim', 'Embedding');
    this.outputDim = checkPositiveInteger(config.outputDim, 'outputDim', 'Embedding');
    this.maskZero = config.maskZero ?? false;
    if (config.inputLength !== undefined) this.inputLength = checkPositiveInteger(config.inputLength, 'inputLength', 'Embedding');
    this.embeddingsOptions = weightOptions(config, 'embeddings', 'randomUniform');
    if (config.activityRegularizer) this.activityRegularizer = getRegularizer(config.activityRegularizer);
    this.supportsMasking = this.maskZero;
  }

  override build(_inputShape: Shape | Shape[]): void {
    this.embeddings = this.addWeight('embeddings', [this.inputDim, this.outputDim], this.embeddingsOptions.initializer, this.embeddingsOptions);
  }

  override call(inputs: tf.Tensor | tf.Tensor[], _options: CallOptions = {}): tf.Tensor {
    const x = firstTensor(inputs);
    // A host read: a compiled step runs it on each batch's input before replaying its kernels.
    stepInputCheck(x, (input) =>
      tf.tidy(() => {
        this.checkIndices(input.dtype === 'int32' ? input : tf.cast(input, 'int32'), input);
      }),
    );
    return tf.tidy(() => {
      const indices = x.dtype === 'int32' ? x : tf.cast(x, 'int32');
      const output = tf.gather(this.embeddings!.variable, indices);
      if (this.activityRegularizer) this.addLoss(this.activityRegularizer.apply(output));
      return output;
    });
  }

  /**
   * Reads the indices on the host: index tensors are small next to the activations, and an
   * out-of-range index otherwise turns into a silent zero row or a backend crash.
   */
  private checkIndices(indices: tf.Tensor, original: tf.Tensor): void {
    const values = indices.dataSync();
    const raw = original.dtype === 'int32' ? values : original.dataSync();
    for (let i = 0; i < values.length; i++) {
      const index = values[i]!;
      if (index < 0 || index >= this.inputDim || raw[i] !== index) {
        const shown = raw[i];
        const swapHint =
          index >= this.inputDim && this.outputDim > index
            ? ` outputDim is ${this.outputDim}: did you swap them? Write new Embedding({ inputDim: ${this.outputDim}, outputDim: ${this.inputDim} }).`
            : ` Set inputDim to the vocabulary size (largest index + 1).`;
        const relation = index < 0 ? '< 0' : index >= this.inputDim ? `≥ inputDim ${this.inputDim}` : 'that is not an integer';
        throw new ValueError(
          `Embedding '${this.name}' got index ${shown} ${relation} (at flat position ${i} of inputs of shape [${original.shape.join(', ')}]). Indices must be integers in [0, ${this.inputDim}).${index < 0 ? '' : swapHint}`,
        );
      }
    }
  }

  override computeMask(inputs: tf.Tensor | tf.Tensor[], _mask?: tf.Tensor | null | (tf.Tensor | null)[]): tf.Tensor | null {
    if (!this.maskZero) return null;
    return tf.notEqual(firstTensor(inputs), 0);
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    return [...(inputShape as Shape), this.outputDim];
  }

  override computeOutputDtype(_inputDtypes: tf.DataType[]): tf.DataType {
    return this.dtype === 'int32' ? 'float32' : this.dtype;
  }

  override getConfig(): Record<string, unknown> {
    const config: Record<string, unknown> = {
      ...super.getConfig(),
      inputDim: this.inputDim,
      outputDim: this.outputDim,
      embeddingsInitializer: serializeInitializer(this.embeddingsOptions.initializer),
      embeddingsRegularizer: serializeOptional(this.embeddingsOptions.regularizer),
      activityRegularizer: serializeOptional(this.activityRegularizer),
      embeddingsConstraint: serializeOptional(this.embeddingsOptions.constraint),
      maskZero: this.maskZero,
    };
    if (this.inputLength !== undefined) config.inputLength = this.inputLength;
    return config;
  }
}
registerLayerClass(Embedding);
