import * as tf from '@tensorflow/tfjs-core';
import { ShapeError, ValueError, stepEffect, stepScalar } from '@keras-ts/common';
import { type LearningRate, LearningRateSchedule } from '../schedules/base.js';
import { clipByGlobalNorm, clipByNorm, clipByValue } from './clipping.js';
import { type BaseOptions, type OptimizerConfig, type OptimizerDefaults, parseBaseOptions, parseLearningRate } from './options.js';

/** One kind of per-variable state ("slot"): its name and the value it starts at. */
export interface SlotSpec {
  /** Keras's name for the slot (`'momentum'`, `'velocity'`, …). */
  name: string;
  /** Every element starts at this value. */
  initialValue: number;
}

/** A gradient (or nothing, when the loss does not depend on the variable) and its variable. */
export type GradientAndVariable = readonly [tf.Tensor | null | undefined, tf.Variable];

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((size, axis) => size === b[axis]);
}

/**
 * Base class of all optimizers. It owns what Keras 3's base optimizer owns: the
 * step counter, the learning rate (constant or schedule), gradient clipping,
 * decoupled weight decay, and the slot variables, created lazily the first
 * time a variable is seen and keyed by the variable itself. Subclasses define
 * their slots and the update of one variable.
 *
 * Slot variables are created slot kind by slot kind (all momentums, then all
 * velocities, as Keras's `build` does), so for the same variables in the same
 * order {@link Optimizer.getWeights} always lists state in the same order.
 */
export abstract class Optimizer {
  /** Keras class name, used by `getOptimizer` and in serialized configs. */
  static readonly className: string = 'Optimizer';
  /** Name used as the prefix of slot variable names. */
  readonly name: string;
  /** Number of update steps applied so far (Keras's `iterations`). */
  iterations = 0;
  /** Per-variable gradient norm limit, or null. */
  readonly clipnorm: number | null;
  /** Per-element gradient limit, or null. */
  readonly clipvalue: number | null;
  /** Global gradient norm limit, or null. */
  readonly globalClipnorm: number | null;
  /** Decoupled weight decay factor, or null for none. */
  readonly weightDecay: number | null;
  /** Keras 2 inverse-time decay factor (0 for none). */
  readonly decay: number;

  private rate: LearningRate;
  private readonly slotsByVariable = new Map<tf.Variable, tf.Variable[]>();
  private readonly slotVariables: tf.Variable[] = [];
  private pendingWeights: tf.Tensor[] | null = null;
  private readonly excludedVariables = new Set<tf.Variable>();
  private readonly excludedNames: string[] = [];

  /**
   * @param config the base options; subclasses remove their own options first,
   *   so any key left that is not a base option is reported as unknown.
   * @param defaults Keras's default name and learning rate for the subclass,
   *   and the names of its own options (listed when an option is unknown).
   */
  protected constructor(config: OptimizerConfig, defaults: OptimizerDefaults) {
    const options: BaseOptions = parseBaseOptions(this.getClassName(), config, defaults);
    this.name = options.name;
    this.rate = options.learningRate;
    this.clipnorm = options.clipnorm;
    this.clipvalue = options.clipvalue;
    this.globalClipnorm = options.globalClipnorm;
    this.weightDecay = options.weightDecay;
    this.decay = options.decay;
  }

  /** The slots this optimizer keeps per variable, in creation order. */
  protected abstract slotSpecs(): SlotSpec[];

  /**
   * Updates one variable from its (already clipped) gradient. Runs inside
   * `tf.tidy`; `slots` are the variable's slots in {@link slotSpecs} order and
   * `learningRate` is the rate for this step. `this.iterations` is still the
   * number of steps done before this one.
   */
  protected abstract updateStep(gradient: tf.Tensor, variable: tf.Variable, slots: readonly tf.Variable[], learningRate: number): void;

  /** Optimizer-specific config entries, merged into {@link getConfig}. */
  protected abstract ownConfig(): Record<string, unknown>;

  /** The Keras class name of this optimizer (`'Adam'`, `'RMSprop'`, …). */
  getClassName(): string {
    return (this.constructor as typeof Optimizer).className;
  }

  /**
   * The learning rate as a number: a schedule is evaluated at `iterations`.
   * Setting it replaces the rate or schedule (callbacks such as
   * ReduceLROnPlateau assign a number).
   */
  get learningRate(): number {
    return this.rate instanceof LearningRateSchedule ? this.rate.call(this.iterations) : this.rate;
  }

  set learningRate(value: LearningRate) {
    this.rate = parseLearningRate(this.getClassName(), value);
  }

  /** The rate the next update uses: {@link learningRate} with the Keras 2 `decay` applied. */
  get currentLearningRate(): number {
    return this.learningRate / (1 + this.decay * this.iterations);
  }

  /**
   * Excludes variables from weight decay: pass the variables themselves, or
   * strings; a variable whose name contains one of the strings is excluded
   * (`['bias']` excludes every bias).
   */
  excludeFromWeightDecay(variablesOrNames: ReadonlyArray<tf.Variable | string>): void {
    for (const item of variablesOrNames) {
      if (typeof item === 'string') this.excludedNames.push(item);
      else this.excludedVariables.add(item);
    }
  }

  private usesWeightDecay(variable: tf.Variable): boolean {
    if (this.excludedVariables.has(variable)) return false;
    return !this.excludedNames.some((part) => variable.name.includes(part));
  }

  /**
   * Creates the slot variables of every variable not seen before (Keras's
   * `build`). `applyGradients` calls it; call it yourself to create the state
   * before restoring it with {@link setWeights}.
   */
  build(variables: readonly tf.Variable[]): void {
    const fresh = [...new Set(variables)].filter((variable) => !this.slotsByVariable.has(variable));
    if (fresh.length > 0) {
      const created = fresh.map((): tf.Variable[] => []);
      for (const spec of this.slotSpecs()) {
        fresh.forEach((variable, index) => {
          const slot = this.createSlot(variable, spec);
          created[index]!.push(slot);
          this.slotVariables.push(slot);
        });
      }
      fresh.forEach((variable, index) => {
        this.slotsByVariable.set(variable, created[index]!);
      });
    }
    if (this.pendingWeights !== null) {
      const pending = this.pendingWeights;
      this.pendingWeights = null;
      try {
        this.setWeights(pending);
      } finally {
        tf.dispose(pending);
      }
    }
  }

  /**
   * The slot variables of `variable` in slot order (for Adam: momentum, velocity, then
   * velocity_hat with `amsgrad`), or undefined until {@link build} or a step has seen it. File
   * formats that lay slots out per variable (Keras 3's `.keras`) read and restore state through it.
   */
  slotsOf(variable: tf.Variable): readonly tf.Variable[] | undefined {
    return this.slotsByVariable.get(variable);
  }

  private createSlot(variable: tf.Variable, spec: SlotSpec): tf.Variable {
    const registered = tf.engine().registeredVariables;
    const base = `${this.name}/${variable.name}/${spec.name}`;
    let name = base;
    for (let suffix = 1; registered[name] !== undefined; suffix++) name = `${base}_${suffix}`;
    const initial = tf.fill(variable.shape, spec.initialValue, variable.dtype);
    const slot = tf.variable(initial, false, name, variable.dtype);
    initial.dispose();
    return slot;
  }

  /**
   * Applies one update: clips the gradients, applies weight decay, updates
   * every variable that has a gradient, then increments `iterations`. Pairs
   * whose gradient is null or undefined are skipped. Nothing is read back to
   * the host.
   */
  applyGradients(gradientsAndVariables: ReadonlyArray<GradientAndVariable>): void {
    if (gradientsAndVariables.length === 0) return;
    const gradients: tf.Tensor[] = [];
    const variables: tf.Variable[] = [];
    for (const [gradient, variable] of gradientsAndVariables) {
      if (gradient === null || gradient === undefined) continue;
      if (!sameShape(gradient.shape, variable.shape)) {
        throw new ShapeError(
          `${this.getClassName()} '${this.name}': the gradient for variable '${variable.name}' has shape ` +
            `[${gradient.shape}] but the variable has shape [${variable.shape}]. Pass gradients in the same order as the variables.`,
        );
      }
      gradients.push(gradient);
      variables.push(variable);
    }
    if (variables.length === 0) {
      const names = gradientsAndVariables.map(([, variable]) => `'${variable.name}'`).join(', ');
      throw new ValueError(
        `${this.getClassName()} '${this.name}': no gradient was provided for any variable (${names}). ` +
          'Check that the loss depends on the trainable weights.',
      );
    }
    this.build(variables);
    const learningRate = this.currentLearningRate;
    tf.tidy(() => {
      const clipped = this.clipGradients(gradients);
      if (this.weightDecay !== null && this.weightDecay > 0) {
        const weightDecay = this.weightDecay;
        // Re-read at every replay of a compiled step, as the learning rate may change.
        const factor = stepScalar(() => weightDecay * this.currentLearningRate);
        for (const variable of variables) {
          if (this.usesWeightDecay(variable)) variable.assign(tf.sub(variable, tf.mul(variable, factor)));
        }
      }
      variables.forEach((variable, index) => {
        this.updateStep(clipped[index]!, variable, this.slotsByVariable.get(variable)!, learningRate);
      });
    });
    stepEffect(() => {
      this.iterations += 1;
    });
  }

  /**
   * The learning rate of the running step as a scalar tensor, made again at every replay of a
   * compiled step (see @keras-ts/common's stepScalar), so schedules and callbacks that change the
   * rate take effect there too. Call it inside {@link updateStep}.
   */
  protected learningRateScalar(): tf.Scalar {
    return stepScalar(() => this.currentLearningRate);
  }

  private clipGradients(gradients: tf.Tensor[]): tf.Tensor[] {
    const { clipnorm, clipvalue, globalClipnorm } = this;
    if (clipnorm !== null) return gradients.map((gradient) => clipByNorm(gradient, clipnorm));
    if (globalClipnorm !== null) return clipByGlobalNorm(gradients, globalClipnorm);
    if (clipvalue !== null) return gradients.map((gradient) => clipByValue(gradient, clipvalue));
    return gradients;
  }

  /**
   * Optimizer state: `iterations` as an int32 scalar, then every slot variable
   * in creation order. The tensors are copies owned by the caller.
   */
  getWeights(): tf.Tensor[] {
    return [tf.scalar(this.iterations, 'int32'), ...this.slotVariables.map((slot) => tf.clone(slot))];
  }

  /**
   * Restores state written by {@link getWeights}. The count and every shape
   * are checked before anything changes. If the optimizer has no slots yet
   * (no step taken, no {@link build}), the slot values are kept and restored
   * when the slots are created, in the same order.
   */
  setWeights(weights: readonly tf.Tensor[]): void {
    const owner = `${this.getClassName()} '${this.name}'`;
    const first = weights[0];
    if (first === undefined || first.rank !== 0) {
      throw new ValueError(
        `${owner}.setWeights: expected the first weight to be the iteration count (a scalar), ` +
          `got ${first === undefined ? 'an empty list' : `a tensor of shape [${first.shape}]`}.`,
      );
    }
    // Before the first step there are no slots to check against: keep the
    // values and restore them when `build` creates the slots.
    const pendingSlots = this.slotsByVariable.size === 0 && this.slotSpecs().length > 0 && weights.length > 1;
    if (!pendingSlots && weights.length !== this.slotVariables.length + 1) {
      throw new ValueError(
        `${owner}.setWeights: expected ${this.slotVariables.length + 1} weights (iterations and ` +
          `${this.slotVariables.length} slot variables), got ${weights.length}. Restore state saved from an ` +
          'optimizer of the same class and configuration, built on the same variables.',
      );
    }
    if (!pendingSlots) {
      this.slotVariables.forEach((slot, index) => {
        const weight = weights[index + 1]!;
        if (!sameShape(weight.shape, slot.shape)) {
          throw new ShapeError(`${owner}.setWeights: weight ${index + 1} (slot '${slot.name}') must have shape [${slot.shape}], ` + `got [${weight.shape}].`);
        }
      });
    }
    const iterations = first.dataSync()[0]!;
    if (!Number.isInteger(iterations) || iterations < 0) {
      throw new ValueError(`${owner}.setWeights: the iteration count must be a non-negative integer, got ${iterations}.`);
    }
    this.iterations = iterations;
    if (pendingSlots) {
      if (this.pendingWeights !== null) tf.dispose(this.pendingWeights);
      this.pendingWeights = weights.map((weight) => tf.clone(weight));
      return;
    }
    tf.tidy(() => {
      this.slotVariables.forEach((slot, index) => {
        slot.assign(tf.cast(weights[index + 1]!, slot.dtype));
      });
    });
  }

  /** camelCase config that round-trips through the constructor (and `getOptimizer`). */
  getConfig(): Record<string, unknown> {
    const config: Record<string, unknown> = {
      name: this.name,
      learningRate: this.rate instanceof LearningRateSchedule ? this.rate.serialize() : this.rate,
      weightDecay: this.weightDecay,
      clipnorm: this.clipnorm,
      globalClipnorm: this.globalClipnorm,
      clipvalue: this.clipvalue,
    };
    if (this.decay !== 0) config['decay'] = this.decay;
    return { ...config, ...this.ownConfig() };
  }

  /** Disposes every slot variable (and any state waiting to be restored). */
  dispose(): void {
    tf.dispose(this.slotVariables);
    this.slotVariables.length = 0;
    this.slotsByVariable.clear();
    if (this.pendingWeights !== null) tf.dispose(this.pendingWeights);
    this.pendingWeights = null;
  }
}
