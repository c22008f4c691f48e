import * as tf from '@tensorflow/tfjs-core';
import { type CallOptions, type CallOutput, Layer, type LayerConfig, type Shape, ValueError, deserializeLayer, registerLayerClass } from '@keras-ts/core';
import { RNN } from '../recurrent/rnn.js';
import { firstMask, firstShape } from '../utils/arguments.js';

/** How Bidirectional combines the forward and backward outputs. */
export type BidirectionalMergeMode = 'concat' | 'sum' | 'mul' | 'ave' | null;

/** Options for {@link Bidirectional}; `Wrapped` and `MergeMode` are the types of `layer` and `mergeMode`. */
export interface BidirectionalConfig<Wrapped extends RNN<boolean> = RNN<boolean>, MergeMode extends BidirectionalMergeMode = BidirectionalMergeMode>
  extends LayerConfig {
  /** The recurrent layer to run in both directions (it is cloned from its config for each direction). */
  layer: Wrapped;
  /** Default: 'concat'. `null` returns `[forward, backward]`. */
  mergeMode?: MergeMode;
  /** A separate layer for the backward direction (must have `goBackwards: true`). */
  backwardLayer?: RNN<boolean>;
}

/**
 * What Bidirectional's `call` (and `apply`) returns around a `Wrapped` layer: the merged output,
 * or `[forward, backward]` for `mergeMode: null`, followed with returnState by the forward and
 * then the backward states (`[output, forwardH, forwardC, backwardH, backwardC]` for an LSTM).
 */
export type BidirectionalOutput<Wrapped extends RNN<boolean>, MergeMode extends BidirectionalMergeMode> = CallOutput<Wrapped> extends infer Result
  ? Result extends [tf.Tensor, ...infer States extends tf.Tensor[]]
    ? [...MergedOutputs<MergeMode>, ...States, ...States]
    : MergeMode extends null
      ? MergedOutputs<MergeMode>
      : tf.Tensor
  : never;

type MergedOutputs<MergeMode extends BidirectionalMergeMode> = MergeMode extends null ? [forward: tf.Tensor, backward: tf.Tensor] : [output: tf.Tensor];

const MERGE_MODES: BidirectionalMergeMode[] = ['concat', 'sum', 'mul', 'ave', null];

/**
 * Bidirectional wrapper for RNNs: runs a copy of `layer` forwards and another backwards over the
 * sequence and merges the two outputs (backward sequences are flipped back into time order).
 *
 * Shapes: like the wrapped layer, with the last dimension doubled for 'concat'. With returnState,
 * `[merged, ...forwardStates, ...backwardStates]`. The result type follows the wrapped layer and
 * `mergeMode` (see {@link BidirectionalOutput}).
 */
export class Bidirectional<Wrapped extends RNN<boolean> = RNN<boolean>, const MergeMode extends BidirectionalMergeMode = 'concat'> extends Layer {
  static override className = 'Bidirectional';
  readonly forwardLayer: RNN<boolean>;
  readonly backwardLayer: RNN<boolean>;
  readonly mergeMode: BidirectionalMergeMode;
  readonly returnSequences: boolean;
  readonly returnState: boolean;

  constructor(config: BidirectionalConfig<Wrapped, MergeMode>) {
    // An input shape given to the wrapped layer (Keras 2 style) becomes the wrapper's.
    const inherited = config?.layer?.batchInputShape;
    super(
      config?.batchInputShape === undefined && config?.inputShape === undefined && inherited !== undefined ? { ...config, batchInputShape: inherited } : config,
    );
    const layer = config?.layer;
    if (!(layer instanceof RNN)) {
      throw new ValueError(
        `Bidirectional: \`layer\` must be a recurrent layer (RNN, LSTM, GRU, SimpleRNN), got ${(layer as unknown) instanceof Layer ? (layer as unknown as Layer).className : String(layer)}.`,
      );
    }
    const mergeMode = config.mergeMode === undefined ? 'concat' : config.mergeMode;
    if (!MERGE_MODES.includes(mergeMode)) {
      throw new ValueError(`Bidirectional: \`mergeMode\` must be one of 'concat', 'sum', 'mul', 'ave' or null, got ${JSON.stringify(config.mergeMode)}.`);
    }
    this.mergeMode = mergeMode;
    const clone = (source: RNN<boolean>, name: string, goBackwards: boolean): RNN<boolean> =>
      deserializeLayer({ className: source.className, config: { ...source.getConfig(), name, goBackwards, batchInputShape: undefined } }) as RNN<boolean>;
    this.forwardLayer = this.trackLayer(clone(layer, `forward_${layer.name}`, layer.goBackwards));
    if (config.backwardLayer !== undefined) {
      if (
        !(config.backwardLayer instanceof RNN) ||
        config.backwardLayer.returnSequences !== layer.returnSequences ||
        config.backwardLayer.returnState !== layer.returnState
      ) {
        throw new ValueError('Bidirectional: `backwardLayer` must be a recurrent layer with the same returnSequences and returnState as `layer`.');
      }
      this.backwardLayer = this.trackLayer(config.backwardLayer);
    } else {
      this.backwardLayer = this.trackLayer(clone(layer, `backward_${layer.name}`, !layer.goBackwards));
    }
    this.returnSequences = layer.returnSequences;
    this.returnState = layer.returnState;
    this.supportsMasking = true;
  }

  override build(inputShape: Shape | Shape[]): void {
    const shape = firstShape(inputShape);
    this.buildSublayer(this.forwardLayer, shape);
    this.buildSublayer(this.backwardLayer, shape);
  }

  /** Runs both directions and merges them; see {@link BidirectionalOutput} for the result. */
  override call(inputs: tf.Tensor | tf.Tensor[], options?: CallOptions): BidirectionalOutput<Wrapped, MergeMode>;
  override call(inputs: tf.Tensor | tf.Tensor[], options: CallOptions = {}): tf.Tensor | tf.Tensor[] {
    const list = Array.isArray(inputs) ? inputs : [inputs];
    const x = list[0]!;
    const given = list.length > 1 ? list.slice(1) : (options.initialState as tf.Tensor[] | undefined);
    const half = given === undefined ? 0 : given.length / 2;
    const forwardOptions: CallOptions = { training: options.training, mask: firstMask(options.mask) };
    const backwardOptions: CallOptions = { ...forwardOptions };
    if (given !== undefined) {
      forwardOptions.initialState = given.slice(0, half);
      backwardOptions.initialState = given.slice(half);
    }
    return tf.tidy(() => {
      const forward = this.forwardLayer.call(x, forwardOptions);
      const backward = this.backwardLayer.call(x, backwardOptions);
      const [forwardOutput, ...forwardStates] = Array.isArray(forward) ? forward : [forward];
      const [backwardRaw, ...backwardStates] = Array.isArray(backward) ? backward : [backward];
      const backwardOutput = this.returnSequences ? tf.reverse(backwardRaw!, 1) : backwardRaw!;
      const merged = this.merge(forwardOutput!, backwardOutput);
      const outputs = [...merged, ...forwardStates, ...backwardStates];
      return outputs.length === 1 ? outputs[0]! : outputs;
    });
  }

  private merge(forward: tf.Tensor, backward: tf.Tensor): tf.Tensor[] {
    switch (this.mergeMode) {
      case 'concat':
        return [tf.concat([forward, backward], -1)];
      case 'sum':
        return [tf.add(forward, backward)];
      case 'mul':
        return [tf.mul(forward, backward)];
      case 'ave':
        return [tf.mul(tf.add(forward, backward), 0.5)];
      default:
        return [forward, backward];
    }
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape | Shape[] {
    const forward = this.forwardLayer.computeOutputShape(firstShape(inputShape));
    const [output, ...states] = this.returnState ? (forward as Shape[]) : [forward as Shape];
    let merged: Shape[];
    if (this.mergeMode === 'concat') {
      const last = output![output!.length - 1];
      merged = [[...output!.slice(0, -1), last === null || last === undefined ? null : last * 2]];
    } else if (this.mergeMode === null) merged = [output!, [...output!]];
    else merged = [output!];
    const all = [...merged, ...(this.returnState ? [...states, ...states] : [])];
    return all.length === 1 ? all[0]! : all;
  }

  override computeMask(_inputs: tf.Tensor | tf.Tensor[], mask?: tf.Tensor | null | (tf.Tensor | null)[]): tf.Tensor | null | (tf.Tensor | null)[] {
    const outputMask = this.returnSequences ? firstMask(mask) : null;
    const count = (this.mergeMode === null ? 2 : 1) + (this.returnState ? 2 * this.forwardLayer.cell.stateSize.length : 0);
    return count === 1 ? outputMask : [outputMask, ...Array.from({ length: count - 1 }, (_, i) => (i === 0 && this.mergeMode === null ? outputMask : null))];
  }

  override getConfig(): Record<string, unknown> {
    const { name: _name, ...layer } = this.forwardLayer.getConfig();
    const config: Record<string, unknown> = {
      ...super.getConfig(),
      layer: { className: this.forwardLayer.className, config: { ...layer, name: this.forwardLayer.name.replace(/^forward_/, '') } },
      mergeMode: this.mergeMode,
    };
    if (!this.backwardLayer.name.startsWith('backward_')) {
      config.backwardLayer = { className: this.backwardLayer.className, config: this.backwardLayer.getConfig() };
    }
    return config;
  }

  /** Rebuilds the wrapper, deserializing the wrapped layer(s). */
  static fromConfig(config: Record<string, unknown>): Bidirectional<RNN<boolean>, BidirectionalMergeMode> {
    const revive = (value: unknown) =>
      (value instanceof Layer ? value : deserializeLayer(value as { className: string; config: Record<string, unknown> })) as RNN<boolean>;
    const backward = config.backwardLayer === undefined || config.backwardLayer === null ? {} : { backwardLayer: revive(config.backwardLayer) };
    return new Bidirectional({ ...(config as LayerConfig), layer: revive(config.layer), mergeMode: config.mergeMode as BidirectionalMergeMode, ...backward });
  }
}
registerLayerClass(Bidirectional);
