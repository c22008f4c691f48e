import * as tf from '@tensorflow/tfjs-core';

/**
 * The tensor inputs of a fused op, by name; an input left `undefined` is absent (an optional
 * bias). Declarations type them with an interface of their own.
 */
export type FusedOpInputs = { [name: string]: tf.Tensor | undefined };

/** What a fused op returns: one tensor, or several in a fixed order. */
export type FusedOpOutputs = tf.Tensor | tf.Tensor[];

/**
 * The gradient of a fused op's kernel, registered with tfjs-core under the op's name. It is
 * used only when the backend's kernel ran; the reference implementation is differentiated by
 * tfjs-core's own gradients.
 */
export interface FusedOpGradient<Attributes extends object> {
  /** Names of the inputs the gradient reads (they are kept alive until the backward pass). */
  inputsToSave?: string[];
  /** Which outputs the gradient reads, by position. */
  outputsToSave?: boolean[];
  /**
   * Returns, per input name, a function computing that input's gradient; tfjs-core calls only
   * those of inputs on the path to what is being differentiated. `saved` holds the saved inputs,
   * then the saved outputs, in declaration order.
   */
  gradient(dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[], attributes: Attributes): Record<string, () => tf.Tensor>;
}

/** What {@link declareFusedOp} is given: the op's whole contract. */
export interface FusedOpDeclaration<Inputs extends object, Attributes extends object, Outputs extends FusedOpOutputs> {
  /** The kernel name backends register an implementation under. */
  name: string;
  /**
   * The op in tfjs-core ops: what runs where no backend kernel is registered, and what every
   * kernel must match (the conformance suite checks it, forward and gradient).
   */
  reference(inputs: Inputs, attributes: Attributes): Outputs;
  /** The kernel's gradient. Absent: the op is not differentiated (an optimizer update, a gradient op). */
  gradient?: FusedOpGradient<Attributes>;
  /**
   * Whether the kernel contract covers these inputs; where it does not, the reference runs.
   * Default: every input is float32.
   */
  accepts?(inputs: Inputs, attributes: Attributes): boolean;
}

/** A declared fused op: its kernel name, and one way to run it whatever the backend. */
export interface FusedOp<Inputs extends object, Attributes extends object, Outputs extends FusedOpOutputs> {
  /** The kernel name backends register an implementation under (`tf.registerKernel({ kernelName: op.kernelName, … })`). */
  readonly kernelName: string;
  /** Whether the op declares a gradient. */
  readonly differentiable: boolean;
  /**
   * Runs the op: the active backend's kernel when it registers one and may be used here (see
   * {@link FusedOp.usesKernel}), else the reference implementation.
   */
  run(inputs: Inputs, attributes: Attributes): Outputs;
  /** Runs the reference implementation, whatever the backend registers. */
  reference(inputs: Inputs, attributes: Attributes): Outputs;
  /** Runs the active backend's kernel (registering the op's gradient first); throws if none is registered. */
  kernel(inputs: Inputs, attributes: Attributes): Outputs;
  /**
   * Whether {@link FusedOp.run} would run the kernel on these inputs now: the backend registers
   * it, the contract covers the inputs, and — for a differentiable op — no gradient of a gradient
   * is being recorded (the kernel's gradient runs kernels that have no gradient of their own;
   * tfjs-core's ops do).
   */
  usesKernel(inputs: Inputs, attributes: Attributes): boolean;
  /** Whether `backendName` (default: the active backend) registers a kernel for this op. */
  implementedBy(backendName?: string): boolean;
}

function presentInputs(inputs: object): tf.NamedTensorMap {
  const present: tf.NamedTensorMap = {};
  for (const [name, tensor] of Object.entries(inputs as FusedOpInputs)) if (tensor !== undefined) present[name] = tensor;
  return present;
}

const allFloat32 = (inputs: object): boolean => Object.values(inputs as FusedOpInputs).every((tensor) => tensor === undefined || tensor.dtype === 'float32');

/**
 * Declares a fused op once, for every package: callers run it with `op.run(inputs, attributes)`
 * and never spell its kernel name nor look at the kernel registry; backends override the
 * reference by registering a kernel under `op.kernelName`. The gradient is registered with
 * tfjs-core once per tfjs-core instance, the first time a kernel runs.
 */
export function declareFusedOp<Inputs extends object, Attributes extends object, Outputs extends FusedOpOutputs>(
  declaration: FusedOpDeclaration<Inputs, Attributes, Outputs>,
): FusedOp<Inputs, Attributes, Outputs> {
  const { name, gradient } = declaration;
  const accepts = declaration.accepts ?? allFloat32;

  function registerGradientOnce(): void {
    if (gradient === undefined || tf.getGradient(name) !== undefined) return;
    tf.registerGradient({
      kernelName: name,
      inputsToSave: gradient.inputsToSave,
      outputsToSave: gradient.outputsToSave,
      gradFunc: (dy, saved, attributes) => gradient.gradient(dy, saved, attributes as unknown as Attributes),
    });
  }

  const op: FusedOp<Inputs, Attributes, Outputs> = {
    kernelName: name,
    differentiable: gradient !== undefined,
    implementedBy: (backendName = tf.getBackend()) => tf.getKernel(name, backendName) !== undefined,
    usesKernel: (inputs, attributes) =>
      // A gradient of a gradient differentiates the kernel's gradient, whose kernels have none.
      !(gradient !== undefined && tf.engine().state.gradientDepth > 1) && accepts(inputs, attributes) && op.implementedBy(),
    kernel: (inputs, attributes) => {
      registerGradientOnce();
      return tf.engine().runKernel(name, presentInputs(inputs), attributes as unknown as tf.NamedAttrMap) as Outputs;
    },
    reference: (inputs, attributes) => tf.tidy(() => declaration.reference(inputs, attributes)),
    run: (inputs, attributes) => (op.usesKernel(inputs, attributes) ? op.kernel(inputs, attributes) : op.reference(inputs, attributes)),
  };
  return op;
}
