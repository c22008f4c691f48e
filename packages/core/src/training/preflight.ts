import * as tf from '@tensorflow/tfjs-core';
import '@keras-ts/tfjs-gradients';
import { BackendError, MissingKernelError, ShapeError, ValueError } from '../errors/errors.js';
import { InputLayer } from '../engine/input-layer.js';
import type { Node } from '../engine/node.js';
import type { SymbolicTensor } from '../engine/symbolic-tensor.js';
import type { Shape } from '../engine/types.js';

const MISSING_KERNEL = /Kernel '([^']+)' not registered for backend '([^']+)'/;
const checked = new WeakMap<object, Set<string>>();

/**
 * Longest probe sequence the preflight tries. The seed-003 model (five width-5 convolutions and
 * two pools of 5) needs 269 steps; a model whose windows need more than this is probed only where
 * its shapes are known, and its other layers meet their kernels in the first real batch.
 */
const MAX_PROBE_LENGTH = 4096;

/** What the preflight needs from a model (and from a model nested in it). */
export interface PreflightModel {
  readonly name: string;
  readonly nodes: Node[];
  /** The graph's input tensors; a nested model's inputs take the shapes of the call's inputs. */
  readonly inputs?: SymbolicTensor[];
  /** The graph's output tensors. */
  readonly outputs?: SymbolicTensor[];
}

/** Concrete shapes of the probe, by symbolic tensor id. */
type ProbeShapes = Map<number, number[]>;

/** `shape` with batch 1 and every other unknown size `length`. */
function concrete(shape: Shape, length: number): number[] {
  return shape.map((size, axis) => size ?? (axis === 0 ? 1 : length));
}

function asNested(node: Node): PreflightModel | undefined {
  const layer = node.outboundLayer as unknown as Partial<PreflightModel>;
  return Array.isArray(layer.nodes) ? (layer as PreflightModel) : undefined;
}

/**
 * Walks the model's calls in execution order with every unknown length set to `length`, giving
 * each call the concrete input shapes the calls before it produce (each layer's own
 * `computeOutputShape`, which throws a {@link ShapeError} for a window longer than its input), and
 * calls `visit` for every layer call (nested models are walked through). Throws that ShapeError
 * when `length` does not fit some window.
 */
function walk(model: PreflightModel, length: number, shapes: ProbeShapes, visit: (node: Node, inputShapes: number[][]) => void): void {
  for (const node of model.nodes) {
    const inputShapes = node.inputTensors.map((t) => shapes.get(t.id) ?? concrete(t.shape, length));
    const nested = asNested(node);
    let outputShapes: (number[] | undefined)[];
    if (nested !== undefined) {
      nested.inputs?.forEach((t, i) => shapes.set(t.id, inputShapes[i] ?? concrete(t.shape, length)));
      walk(nested, length, shapes, visit);
      outputShapes = nested.outputs?.map((t) => shapes.get(t.id)) ?? [];
    } else {
      visit(node, inputShapes);
      outputShapes = outputShapesOf(node, inputShapes);
    }
    node.outputTensors.forEach((t, i) => {
      const known = outputShapes[i];
      shapes.set(t.id, known === undefined || known.length !== t.shape.length ? concrete(t.shape, length) : known);
    });
  }
}

function outputShapesOf(node: Node, inputShapes: number[][]): (number[] | undefined)[] {
  let result: Shape | Shape[];
  try {
    result = node.outboundLayer.computeOutputShape(inputShapes.length === 1 ? inputShapes[0]! : inputShapes);
  } catch (error) {
    if (error instanceof ShapeError) throw error;
    // A layer that cannot compute its shape here (it needs its real call): keep the symbolic one.
    return [];
  }
  const list = Array.isArray(result[0]) ? (result as Shape[]) : [result as Shape];
  return list.map((shape) => (shape.every((size) => size !== null) ? (shape as number[]) : undefined));
}

function hasUnknownLength(model: PreflightModel): boolean {
  return model.nodes.some(
    (node) => node.inputTensors.some((t) => t.shape.slice(1).includes(null)) || (asNested(node) !== undefined && hasUnknownLength(asNested(node)!)),
  );
}

function fits(model: PreflightModel, length: number): boolean {
  try {
    walk(model, length, new Map(), () => {});
    return true;
  } catch (error) {
    if (error instanceof ShapeError) return false;
    throw error;
  }
}

/**
 * The probe length for unknown sizes (sequence lengths, image sizes): the shortest one every
 * window of the model fits, found by doubling from 2 and then bisecting (fitting is monotone in
 * the length for convolution, pooling and cropping windows). `undefined` when none up to
 * {@link MAX_PROBE_LENGTH} fits.
 */
export function probeLength(model: PreflightModel): number | undefined {
  if (!hasUnknownLength(model) || fits(model, 2)) return 2;
  let high = 4;
  while (!fits(model, high)) {
    if (high >= MAX_PROBE_LENGTH) return undefined;
    high = Math.min(2 * high, MAX_PROBE_LENGTH);
  }
  let low = high / 2;
  while (high - low > 1) {
    const middle = Math.floor((low + high) / 2);
    if (fits(model, middle)) high = middle;
    else low = middle;
  }
  return high;
}

/**
 * Runs every layer call of the model once, forward and backward, on a zero batch of one sample on
 * the active backend, so a kernel the backend lacks or that crashes fails here — naming the layer,
 * the probe shape and the kernel — rather than in the middle of an epoch. Done once per model and
 * backend; nested models are checked through their own calls.
 *
 * Unknown sizes (a `shape: [null]` sequence) are probed at the shortest length every window in
 * the model fits ({@link probeLength}), so the probe is an input the model accepts. Nothing is
 * swallowed silently: a missing kernel throws a {@link MissingKernelError}, any other failure a
 * {@link BackendError} naming the layer and probe shape (its cause is the original error). The
 * one failure the preflight passes over is a layer refusing the probe's values or shape with a
 * {@link ValueError} (a {@link ShapeError} when no probe length fits, e.g. a window longer than
 * {@link MAX_PROBE_LENGTH}): the probe then says nothing about the backend, and the layer's
 * kernels first run on the first real batch, where the same check names the layer with the
 * data's real shape.
 */
export function preflight(model: PreflightModel): void {
  const backend = tf.getBackend();
  let backends = checked.get(model);
  if (backends?.has(backend)) return;
  const length = probeLength(model);
  const shapes: ProbeShapes = new Map();
  if (length === undefined) {
    // No length fits every window: probe each call on its symbolic shape with unknown sizes 2.
    for (const node of model.nodes) walkLeniently(node, shapes, backend);
  } else {
    walk(model, length, shapes, (node, inputShapes) => checkNode(node, inputShapes, backend));
  }
  backends ??= new Set();
  backends.add(backend);
  checked.set(model, backends);
}

function walkLeniently(node: Node, shapes: ProbeShapes, backend: string): void {
  const nested = asNested(node);
  if (nested !== undefined) {
    for (const inner of nested.nodes) walkLeniently(inner, shapes, backend);
    return;
  }
  checkNode(
    node,
    node.inputTensors.map((t) => concrete(t.shape, 2)),
    backend,
  );
}

function checkNode(node: Node, inputShapes: number[][], backend: string): void {
  const layer = node.outboundLayer;
  if ((layer as unknown as { stateful?: boolean }).stateful === true) return; // its state must not move
  // Training-mode calls may update non-trainable state (BatchNormalization's moving statistics).
  const saved = layer.nonTrainableWeights.map((w) => tf.clone(w.variable));
  try {
    tf.tidy(() => {
      const inputs = node.inputTensors.map((t, i) => tf.zeros(inputShapes[i]!, t.dtype));
      // Input gradients as training computes them: through float inputs that other layers produce.
      // Data fed straight from the model's inputs is never differentiated (an Embedding's float
      // indices would otherwise ask for a gradient of its integer lookup).
      const floatInputs = inputs.filter((t, i) => t.dtype === 'float32' && !(node.inputTensors[i]?.sourceLayer instanceof InputLayer));
      const weights = layer.trainableWeights.map((w) => w.variable);
      const forward = () => {
        const result = layer.call(inputs.length === 1 ? inputs[0]! : inputs, { ...node.callArgs, training: true });
        const outputs = Array.isArray(result) ? result : [result];
        return tf.addN(outputs.map((o) => tf.sum(tf.cast(o, 'float32')))) as tf.Scalar;
      };
      if (floatInputs.length + weights.length === 0) {
        forward();
        return;
      }
      if (weights.length > 0) tf.variableGrads(forward, weights);
      if (floatInputs.length > 0) tf.grads((..._xs: tf.Tensor[]) => forward())(floatInputs);
    });
  } catch (error) {
    restore();
    const message = error instanceof Error ? error.message : String(error);
    const match = MISSING_KERNEL.exec(message);
    if (match !== null) {
      throw new MissingKernelError(
        `Layer '${layer.name}' (${layer.className}) needs the kernel '${match[1]}', which backend '${match[2] ?? backend}' does not provide. ` +
          `Nothing was trained. Use a backend that implements it (e.g. setBackend('cpu')), or import the keras-ts backend package, which registers fallbacks for missing kernels.`,
      );
    }
    if (error instanceof ValueError) return; // The layer refuses the probe itself (see preflight's note).
    const probe = node.inputTensors.map((t, i) => `${t.dtype}[${inputShapes[i]!.join(', ')}]`).join(', ');
    throw new BackendError(
      `Layer '${layer.name}' (${layer.className}) failed its preflight run on backend '${backend}' (zero input ${probe}, forward and backward): ${message} ` +
        `Nothing was trained. The layer's kernels fail on this backend; try another backend (e.g. setBackend('cpu')) and report the layer, its configuration and the probe shape.`,
      { cause: error },
    );
  }
  restore();

  function restore(): void {
    layer.nonTrainableWeights.forEach((w, i) => w.variable.assign(saved[i]!));
    tf.dispose(saved);
    saved.length = 0;
  }
}
