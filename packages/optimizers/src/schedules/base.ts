/**
 * A learning-rate schedule serialized as `{ className, config }` (keras-ts) or
 * `{ class_name, config }` (Keras JSON).
 */
export interface SerializedSchedule {
  /** Keras class name, e.g. `'ExponentialDecay'`. */
  className?: string;
  /** Keras spelling of `className`, accepted when reading Keras JSON. */
  class_name?: string;
  /** The schedule's config, camelCase or Keras snake_case keys. */
  config?: Record<string, unknown>;
}

/**
 * Base class of learning-rate schedules: a function from the optimizer's step
 * counter (the number of updates applied so far) to a learning rate. The
 * optimizer evaluates it on the host before each step, so `call` works on
 * plain numbers.
 */
export abstract class LearningRateSchedule {
  /** Keras class name, used by {@link getSchedule} and in serialized configs. */
  static readonly className: string = 'LearningRateSchedule';

  /** Learning rate to use for the update at `step` (0 for the first update). */
  abstract call(step: number): number;

  /** camelCase config that round-trips through the class constructor. */
  abstract getConfig(): Record<string, unknown>;

  /** The Keras class name of this schedule. */
  getClassName(): string {
    return (this.constructor as typeof LearningRateSchedule).className;
  }

  /** `{ className, config }`, the form {@link getSchedule} reads back. */
  serialize(): { className: string; config: Record<string, unknown> } {
    return { className: this.getClassName(), config: this.getConfig() };
  }
}

/** A learning rate: a constant, or a schedule evaluated at each step. */
export type LearningRate = number | LearningRateSchedule;
