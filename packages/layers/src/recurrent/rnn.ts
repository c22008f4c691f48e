import * as tf from '@tensorflow/tfjs-core';
import {
  type CallOptions,
  type CallOutput,
  Layer,
  type LayerConfig,
  type Shape,
  ShapeError,
  SymbolicTensor,
  formatShape,
  ValueError,
  deserializeLayer,
  isSymbolic,
  registerLayerClass,
  type SymbolicOutput,
} from '@keras-ts/core';
import { firstMask, firstShape } from '../utils/arguments.js';
import { RNNCell } from './base.js';
import { runFusedSequence } from './fused-sequence.js';
import { StackedRNNCells } from './stacked-rnn-cells.js';

/**
 * Options of every recurrent layer (RNN, SimpleRNN, LSTM, GRU). Defaults follow Keras 3.
 * `ReturnState` is the type of `returnState`, from which the layer's type knows whether `apply`
 * returns one tensor or `[output, ...states]`.
 */
export interface RNNOptions<ReturnState extends boolean = boolean> extends LayerConfig {
  /** Return the output of every step (`[batch, time, units]`) instead of the last (`[batch, units]`). Default: false. */
  returnSequences?: boolean;
  /** Also return the final states, as `[output, ...states]`. Default: false. */
  returnState?: ReturnState;
  /** Process the sequence backwards (outputs come in processing order, i.e. reversed). Default: false. */
  goBackwards?: boolean;
  /**
   * Keep the final states of each batch as the initial states of the next (sample i of a batch
   * continues sample i of the previous one). Needs a fixed batch size (`batchInputShape`); clear
   * with `resetStates()`. Default: false.
   */
  stateful?: boolean;
  /**
   * Keras's switch between a symbolic loop and an unrolled one. Here the time loop always runs
   * step by step in JavaScript over tfjs ops (which is what unrolling means), so both settings
   * compute the same thing; the flag is kept for config compatibility. Default: false.
   */
  unroll?: boolean;
}

/** Options for the {@link RNN} base layer. */
export interface RNNConfig<ReturnState extends boolean = boolean> extends RNNOptions<ReturnState> {
  /** The cell run at each step, or a list of cells (stacked with StackedRNNCells). */
  cell: RNNCell | RNNCell[];
}

/** Keys of RNNOptions and LayerConfig, which belong to the layer rather than to its cell. */
const LAYER_KEYS = new Set([
  'name',
  'trainable',
  'inputShape',
  'inputDim',
  'batchInputShape',
  'batchSize',
  'returnSequences',
  'returnState',
  'goBackwards',
  'stateful',
  'unroll',
  'cell',
]);

/** Splits a flat LSTM/GRU/SimpleRNN config into the cell's part (Keras flattens both into one config). */
export function cellOptions<T extends object>(config: T): Partial<T> {
  return Object.fromEntries(Object.entries(config ?? {}).filter(([key]) => !LAYER_KEYS.has(key))) as Partial<T>;
}

/**
 * What a recurrent layer's `call` returns: the output, or `[output, ...states]` when `ReturnState`
 * is true (`States` is the cell's states: `[hiddenState, cellState]` for an LSTM). `apply` returns
 * the same structure, symbolic on SymbolicTensors.
 */
export type RNNOutput<ReturnState extends boolean, States extends tf.Tensor[] = tf.Tensor[]> = ReturnState extends true
  ? [output: tf.Tensor, ...states: States]
  : tf.Tensor;

/**
 * Recurrent layer: runs `cell` over the time axis of `[batch, time, features]` inputs.
 *
 * Call options: `mask` (`[batch, time]`; masked steps carry the previous output and states over),
 * `initialState` (a tensor per state; symbolic states become extra inputs of the node), `training`.
 * Output: `[batch, units]`, `[batch, time, units]` with returnSequences, and `[output, ...states]`
 * with returnState. `ReturnState` is inferred from the config's `returnState` (false when it is
 * left out), so `apply`'s result is typed as one tensor or as the list (see {@link RNNOutput}).
 */
export class RNN<const ReturnState extends boolean = false, States extends tf.Tensor[] = tf.Tensor[]> extends Layer {
  static override className = 'RNN';
  readonly cell: RNNCell;
  readonly returnSequences: boolean;
  readonly returnState: ReturnState;
  readonly goBackwards: boolean;
  readonly stateful: boolean;
  readonly unroll: boolean;
  /** The carried states of a stateful layer (created at build, or at the first call). */
  private stateVariables: tf.Variable[] | undefined;

  constructor(config: RNNConfig<ReturnState>) {
    super(config);
    const cell = config?.cell;
    if (Array.isArray(cell)) this.cell = this.trackLayer(new StackedRNNCells({ cells: cell }));
    else if (cell instanceof RNNCell) this.cell = this.trackLayer(cell);
    else throw new ValueError(`${this.className}: \`cell\` must be an RNN cell (e.g. new LSTMCell({ units: 32 })) or an array of cells, got ${String(cell)}.`);
    this.returnSequences = config.returnSequences ?? false;
    // ReturnState is inferred from this very field; left out, it defaults to false, as the value does.
    this.returnState = (config.returnState ?? false) as ReturnState;
    this.goBackwards = config.goBackwards ?? false;
    this.stateful = config.stateful ?? false;
    this.unroll = config.unroll ?? false;
    this.supportsMasking = true;
  }

  /** Calls the layer (see Layer.apply); a symbolic `initialState` becomes extra inputs of the node. */
  override apply<Self extends Layer>(this: Self, inputs: SymbolicTensor | SymbolicTensor[], options?: CallOptions): SymbolicOutput<Self>;
  override apply<Self extends Layer>(this: Self, inputs: tf.Tensor | tf.Tensor[], options?: CallOptions): CallOutput<Self>;
  override apply(inputs: SymbolicTensor | SymbolicTensor[] | tf.Tensor | tf.Tensor[], options: CallOptions = {}): unknown {
    const { initialState, ...rest } = options;
    if (initialState !== undefined && initialState !== null && isSymbolic(inputs)) {
      // Symbolic initial states must be graph inputs so the model feeds their values at run time.
      const states = Array.isArray(initialState) ? initialState : [initialState];
      if (!states.every((state) => state instanceof SymbolicTensor)) {
        throw new ValueError(
          `${this.className} '${this.name}': with symbolic inputs, \`initialState\` must be symbolic tensors too (e.g. from Input() or another layer).`,
        );
      }
      const list = Array.isArray(inputs) ? inputs : [inputs];
      return super.apply([...list, ...(states as SymbolicTensor[])], rest);
    }
    return super.apply(inputs as never, options);
  }

  override build(inputShape: Shape | Shape[]): void {
    const shape = firstShape(inputShape);
    if (shape.length !== 3) {
      throw new ShapeError(`${this.className} '${this.name}' expects inputs of rank 3 ([batch, time, features]), got shape ${formatShape(shape)}.`);
    }
    this.buildSublayer(this.cell, [shape[0] ?? null, shape[2] ?? null]);
    const batch = this.batchInputShape?.[0] ?? shape[0] ?? null;
    if (this.stateful && batch !== null) this.createStates(batch);
  }

  private createStates(batch: number): void {
    this.stateVariables = this.cell.stateSize.map((size) => tf.tidy(() => tf.variable(tf.zeros([batch, size]), false)));
  }

  /** The current states of a stateful layer (copies), or undefined before the first call. */
  get states(): tf.Tensor[] | undefined {
    return this.stateVariables?.map((state) => tf.clone(state));
  }

  /**
   * Resets a stateful layer's states to zeros, or to the given values. Called on a layer that
   * holds this one (a Bidirectional, a model), `resetStates()` reaches it too.
   */
  override resetStates(states?: tf.Tensor | tf.Tensor[]): void {
    if (!this.stateful) {
      throw new ValueError(`${this.className} '${this.name}' is not stateful; resetStates() only applies to layers created with stateful: true.`);
    }
    if (states === undefined) super.resetStates();
    else this.assignStates(Array.isArray(states) ? states : [states]);
  }

  /** Zeros the carried states of a stateful layer (what `resetStates()` does at every layer of a model). */
  protected override resetOwnStates(): void {
    if (this.stateful) this.assignStates(undefined);
  }

  private assignStates(values: tf.Tensor[] | undefined): void {
    if (this.stateVariables === undefined) return;
    if (values !== undefined && values.length !== this.stateVariables.length) {
      throw new ValueError(`${this.className} '${this.name}' has ${this.stateVariables.length} state(s), resetStates got ${values.length}.`);
    }
    // Every shape is checked before any state changes, so a bad value leaves the states as they were.
    this.stateVariables.forEach((variable, index) => {
      const value = values?.[index];
      if (value !== undefined && !tf.util.arraysEqual(value.shape, variable.shape)) {
        throw new ShapeError(`${this.className} '${this.name}': state ${index} has shape [${variable.shape.join(', ')}], got [${value.shape.join(', ')}].`);
      }
    });
    this.stateVariables.forEach((variable, index) => tf.tidy(() => variable.assign(values?.[index] ?? tf.zerosLike(variable))));
  }

  /** Runs the cell over time; returns the output, or `[output, ...states]` with returnState. */
  override call(inputs: tf.Tensor | tf.Tensor[], options?: CallOptions): RNNOutput<ReturnState, States>;
  override call(inputs: tf.Tensor | tf.Tensor[], options: CallOptions = {}): tf.Tensor | tf.Tensor[] {
    const list = Array.isArray(inputs) ? inputs : [inputs];
    const x = list[0]!;
    if (x.rank !== 3) {
      throw new ShapeError(`${this.className} '${this.name}' expects inputs of rank 3 ([batch, time, features]), got shape [${x.shape.join(', ')}].`);
    }
    const given = list.length > 1 ? list.slice(1) : (options.initialState as tf.Tensor | tf.Tensor[] | undefined | null);
    const initialState = given === undefined || given === null ? undefined : Array.isArray(given) ? given : [given];
    this.cell.resetDropoutMasks();
    try {
      return tf.tidy(() => this.loop(x, initialState, firstMask(options.mask), options.training === true));
    } finally {
      this.cell.resetDropoutMasks();
    }
  }

  private startStates(batch: number, initialState: tf.Tensor[] | undefined): tf.Tensor[] {
    const sizes = this.cell.stateSize;
    if (initialState !== undefined) {
      if (initialState.length !== sizes.length) {
        throw new ValueError(
          `${this.className} '${this.name}' expects ${sizes.length} initial state tensor(s) (sizes ${sizes.join(', ')}), got ${initialState.length}.`,
        );
      }
      initialState.forEach((state, index) => {
        if (state.rank !== 2 || state.shape[0] !== batch || state.shape[1] !== sizes[index]) {
          throw new ShapeError(
            `${this.className} '${this.name}': initial state ${index} must have shape [${batch}, ${sizes[index]}], got [${state.shape.join(', ')}].`,
          );
        }
      });
      return initialState;
    }
    if (!this.stateful) return sizes.map((size) => tf.zeros([batch, size]));
    if (this.stateVariables === undefined) this.createStates(batch);
    const stateBatch = this.stateVariables![0]!.shape[0];
    if (stateBatch !== batch) {
      throw new ShapeError(
        `${this.className} '${this.name}' is stateful with batch size ${stateBatch}, got a batch of ${batch}. Feed batches of exactly ${stateBatch} samples (fit with batchSize: ${stateBatch} and shuffle: false).`,
      );
    }
    return this.stateVariables!;
  }

  private loop(x: tf.Tensor, initialState: tf.Tensor[] | undefined, mask: tf.Tensor | null, training: boolean): tf.Tensor | tf.Tensor[] {
    const batch = x.shape[0]!;
    let states = this.startStates(batch, initialState);
    // LSTM and GRU at Keras 3's defaults run as one whole-sequence kernel where the backend has one.
    const fused = runFusedSequence(this.cell, x, states, mask, { goBackwards: this.goBackwards, returnSequences: this.returnSequences, training });
    if (fused !== undefined) return this.finishLoop(fused.output, fused.states);
    // Copies: tf.unstack returns the very array its gradient-tape node records, so reversing it in
    // place would scramble the gradient's order.
    const steps = [...tf.unstack(x, 1)];
    const maskSteps = mask === null ? undefined : [...tf.unstack(tf.expandDims(tf.cast(mask, x.dtype), -1), 1)];
    if (this.goBackwards) {
      steps.reverse();
      maskSteps?.reverse();
    }
    let previousOutput: tf.Tensor = tf.zeros([batch, this.cell.outputSize]);
    const outputs: tf.Tensor[] = [];
    steps.forEach((input, t) => {
      const result = this.cell.step(input, states, training);
      const keep = maskSteps?.[t];
      if (keep === undefined) {
        previousOutput = result.output;
        states = result.states;
      } else {
        // Masked steps carry the previous output and states over unchanged (Keras semantics).
        const blend = (next: tf.Tensor, previous: tf.Tensor) => tf.add(tf.mul(next, keep), tf.mul(previous, tf.sub(1, keep)));
        previousOutput = blend(result.output, previousOutput);
        states = result.states.map((state, index) => blend(state, states[index]!));
      }
      outputs.push(previousOutput);
    });
    return this.finishLoop(this.returnSequences ? tf.stack(outputs, 1) : previousOutput, states);
  }

  /** Keeps a stateful layer's final states and returns the output, with the states when returnState. */
  private finishLoop(output: tf.Tensor, states: tf.Tensor[]): tf.Tensor | tf.Tensor[] {
    if (this.stateful && this.stateVariables !== undefined) this.stateVariables.forEach((variable, index) => variable.assign(states[index]!));
    return this.returnState ? [output, ...states] : output;
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape | Shape[] {
    const shape = firstShape(inputShape);
    const batch = shape[0] ?? null;
    const output: Shape = this.returnSequences ? [batch, shape[1] ?? null, this.cell.outputSize] : [batch, this.cell.outputSize];
    return this.returnState ? [output, ...this.cell.stateSize.map((size) => [batch, size])] : output;
  }

  override computeMask(_inputs: tf.Tensor | tf.Tensor[], mask?: tf.Tensor | null | (tf.Tensor | null)[]): tf.Tensor | null | (tf.Tensor | null)[] {
    const outputMask = this.returnSequences ? firstMask(mask) : null;
    return this.returnState ? [outputMask, ...this.cell.stateSize.map(() => null)] : outputMask;
  }

  /** Frees the carried states of a stateful layer, then the cell's weights. */
  override dispose(): void {
    if (this.stateVariables) tf.dispose(this.stateVariables);
    this.stateVariables = undefined;
    super.dispose();
  }

  override getConfig(): Record<string, unknown> {
    return {
      ...super.getConfig(),
      returnSequences: this.returnSequences,
      returnState: this.returnState,
      goBackwards: this.goBackwards,
      stateful: this.stateful,
      unroll: this.unroll,
      cell: { className: this.cell.className, config: this.cell.getConfig() },
    };
  }

  /** Rebuilds the layer; a serialized `cell` (`{ className, config }`) is deserialized first. */
  static fromConfig<T extends RNN<boolean>>(this: new (config: never) => T, config: Record<string, unknown>): T {
    const cell = config.cell;
    const revive = (item: unknown) => (item instanceof Layer ? item : deserializeLayer(item as { className: string; config: Record<string, unknown> }));
    const resolved = cell === undefined ? {} : { cell: Array.isArray(cell) ? cell.map(revive) : revive(cell) };
    // biome-ignore lint/complexity/noThisInStatic: `this` is the subclass (LSTM, GRU, …) being revived.
    return new this({ ...config, ...resolved } as never);
  }
}
registerLayerClass(RNN);

/**
 * getConfig of the named recurrent layers (SimpleRNN, LSTM, GRU): Keras flattens the cell's options
 * into the layer's config instead of nesting the cell.
 */
export function flattenCellConfig(layerConfig: Record<string, unknown>, cell: RNNCell): Record<string, unknown> {
  const { cell: _cell, ...rest } = layerConfig;
  const { name: _name, trainable: _trainable, ...cellConfig } = cell.getConfig();
  return { ...rest, ...cellConfig };
}
