import * as tf from '@tensorflow/tfjs-core';
import { type CallOptions, Layer, type LayerConfig, type Shape, ShapeError, ValueError, deserializeLayer, registerLayerClass } from '@keras-ts/core';
import { firstShape, firstTensor } from '../utils/arguments.js';

/** Options for {@link TimeDistributed}. */
export interface TimeDistributedConfig extends LayerConfig {
  /** The layer (or Model / Sequential) applied to every time step. */
  layer: Layer;
}

/** A Sequential that has not been built yet builds through this method (see Sequential.buildWithShape). */
interface DeferredModel {
  inputs: unknown[];
  buildWithShape(batchInputShape: Shape, dtype?: tf.DataType): void;
}

function isDeferredModel(layer: Layer): layer is Layer & DeferredModel {
  return 'buildWithShape' in layer && Array.isArray((layer as unknown as DeferredModel).inputs);
}

/**
 * Applies `layer` to every temporal slice of the input: `[batch, time, …]` is folded to
 * `[batch·time, …]`, passed through the layer, and unfolded to `[batch, time, …out]`. The layer's
 * weights are shared across time. Accepts models: `TimeDistributed({ layer: mlp })` turns a
 * 784 → 10 classifier into a `[batch, 20, 784]` → `[batch, 20, 10]` one.
 */
export class TimeDistributed extends Layer {
  static override className = 'TimeDistributed';
  readonly layer: Layer;

  constructor(config: TimeDistributedConfig) {
    super(config);
    if (!(config?.layer instanceof Layer)) {
      throw new ValueError(`TimeDistributed: \`layer\` must be a Layer or Model instance, got ${String(config?.layer)}.`);
    }
    this.layer = this.trackLayer(config.layer);
    this.supportsMasking = true;
  }

  private innerShape(shape: Shape): Shape {
    if (shape.length < 3) {
      throw new ShapeError(`TimeDistributed '${this.name}' expects inputs of rank ≥ 3 ([batch, time, …]), got shape [${shape.join(', ')}].`);
    }
    const [batch, time] = shape;
    return [batch === null || time === null || batch === undefined || time === undefined ? null : batch * time, ...shape.slice(2)];
  }

  override build(inputShape: Shape | Shape[]): void {
    const inner: Shape = [null, ...this.innerShape(firstShape(inputShape)).slice(1)];
    // Sequential builds its graph in buildWithShape; Layer.maybeBuild would only mark it built.
    if (isDeferredModel(this.layer) && this.layer.inputs.length === 0) this.layer.buildWithShape(inner);
    else this.layer.maybeBuild(inner);
  }

  override call(inputs: tf.Tensor | tf.Tensor[], options: CallOptions = {}): tf.Tensor {
    const x = firstTensor(inputs);
    const [batch, time] = x.shape as [number, number];
    this.innerShape(x.shape);
    return tf.tidy(() => {
      const folded = tf.reshape(x, [batch * time, ...x.shape.slice(2)]);
      const result = this.layer.call(folded, { training: options.training });
      const output = Array.isArray(result) ? result[0]! : result;
      return tf.reshape(output, [batch, time, ...output.shape.slice(1)]);
    });
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    const shape = firstShape(inputShape);
    const inner = this.layer.computeOutputShape([null, ...this.innerShape(shape).slice(1)]);
    return [shape[0] ?? null, shape[1] ?? null, ...firstShape(inner).slice(1)];
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), layer: { className: this.layer.className, config: this.layer.getConfig() } };
  }

  /** Rebuilds the wrapper, deserializing the wrapped layer. */
  static fromConfig(config: Record<string, unknown>): TimeDistributed {
    const layer = config.layer instanceof Layer ? config.layer : deserializeLayer(config.layer as { className: string; config: Record<string, unknown> });
    return new TimeDistributed({ ...(config as LayerConfig), layer });
  }
}
registerLayerClass(TimeDistributed);
