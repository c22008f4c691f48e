import type * as tf from '@tensorflow/tfjs-core';
import { type LayerConfig, type Shape, ValueError, deserializeLayer, registerLayerClass } from '@keras-ts/core';
import { firstShape } from '../utils/arguments.js';
import { type CellStep, RNNCell } from './base.js';

/** Options for {@link StackedRNNCells}. */
export interface StackedRNNCellsConfig extends LayerConfig {
  /** The cells, bottom first. */
  cells: RNNCell[];
}

/**
 * Several cells stacked into one: each step feeds the output of cell k to cell k + 1. The states
 * are the cells' states concatenated in order; the output is the last cell's.
 */
export class StackedRNNCells extends RNNCell {
  static override className = 'StackedRNNCells';
  readonly cells: RNNCell[];

  constructor(config: StackedRNNCellsConfig) {
    super(config);
    if (!Array.isArray(config?.cells) || config.cells.length === 0 || !config.cells.every((cell) => cell instanceof RNNCell)) {
      throw new ValueError('StackedRNNCells: `cells` must be a non-empty array of RNN cells (e.g. [new LSTMCell({ units: 8 }), new LSTMCell({ units: 8 })]).');
    }
    this.cells = config.cells.map((cell) => this.trackLayer(cell));
  }

  get stateSize(): number[] {
    return this.cells.flatMap((cell) => cell.stateSize);
  }

  get outputSize(): number {
    return this.cells[this.cells.length - 1]!.outputSize;
  }

  override build(inputShape: Shape | Shape[]): void {
    let shape = firstShape(inputShape);
    for (const cell of this.cells) {
      this.buildSublayer(cell, shape);
      shape = [shape[0] ?? null, cell.outputSize];
    }
  }

  step(input: tf.Tensor, states: tf.Tensor[], training: boolean): CellStep {
    let offset = 0;
    let current = input;
    const newStates: tf.Tensor[] = [];
    for (const cell of this.cells) {
      const count = cell.stateSize.length;
      const result = cell.step(current, states.slice(offset, offset + count), training);
      offset += count;
      current = result.output;
      newStates.push(...result.states);
    }
    return { output: current, states: newStates };
  }

  override resetDropoutMasks(): void {
    super.resetDropoutMasks();
    for (const cell of this.cells) cell.resetDropoutMasks();
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape[] {
    const batch = firstShape(inputShape)[0] ?? null;
    return [[batch, this.outputSize], ...this.stateSize.map((size) => [batch, size])];
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), cells: this.cells.map((cell) => ({ className: cell.className, config: cell.getConfig() })) };
  }

  /** Rebuilds the stack, deserializing each cell. */
  static fromConfig(config: Record<string, unknown>): StackedRNNCells {
    const cells = (config.cells as { className: string; config: Record<string, unknown> }[]).map((cell) => deserializeLayer(cell) as RNNCell);
    return new StackedRNNCells({ ...(config as LayerConfig), cells });
  }
}
registerLayerClass(StackedRNNCells);
