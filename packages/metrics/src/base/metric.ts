import * as tf from '@tensorflow/tfjs-core';

/** Options shared by every {@link Metric}. */
export interface MetricOptions {
  /** Name of the metric instance, used as its log key. Default: the Keras snake_case name of the class. */
  name?: string;
}

/**
 * Base class of stateful metrics, like Keras 3's `keras.metrics.Metric`. State lives in
 * non-trainable `tf.Variable`s so epoch values are exact: {@link Metric.updateState} accumulates
 * one batch on the backend (no host reads), {@link Metric.result} returns the value over
 * everything accumulated since the last {@link Metric.resetState}.
 */
export abstract class Metric {
  /** Keras class name, used by configs and the {@link getMetric} registry. */
  static className = 'Metric';
  /** Name of this metric instance. */
  readonly name: string;
  private readonly stateVariables: tf.Variable[] = [];

  /**
   * @param options metric options.
   * @param defaultName name used when `options.name` is absent.
   */
  protected constructor(options: MetricOptions, defaultName: string) {
    this.name = options.name ?? defaultName;
  }

  /** Accumulates one batch into the state variables. Safe inside or outside `tf.tidy`. */
  abstract updateState(yTrue: tf.Tensor, yPred: tf.Tensor, sampleWeight?: tf.Tensor): void;

  /** A new tensor holding the value over everything accumulated since the last reset. */
  abstract result(): tf.Tensor;

  /** Zeroes every state variable. */
  resetState(): void {
    tf.tidy(() => {
      for (const variable of this.stateVariables) variable.assign(tf.zerosLike(variable));
    });
  }

  /** The state variables, in creation order. */
  get variables(): readonly tf.Variable[] {
    return this.stateVariables;
  }

  /** Serializable camelCase config; with the class's static `className` it recreates the metric. */
  getConfig(): Record<string, unknown> {
    return { name: this.name };
  }

  /** Frees the state variables. The metric must not be used afterwards. */
  dispose(): void {
    for (const variable of this.stateVariables) variable.dispose();
    this.stateVariables.length = 0;
  }

  /** Creates a zero-initialized, non-trainable state variable owned (and disposed) by this metric. */
  protected addState(shape: number[]): tf.Variable {
    const variable = tf.tidy(() => tf.variable(tf.zeros(shape), false));
    this.stateVariables.push(variable);
    return variable;
  }

  /** Adds `increment` to `variable` in place. */
  protected static accumulate(variable: tf.Variable, increment: tf.Tensor): void {
    variable.assign(tf.add(variable, increment));
  }
}
