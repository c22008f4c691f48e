import * as tf from '@tensorflow/tfjs-core';
import '@keras-ts/tfjs-gradients';
import { MissingKernelError } from '../errors/errors.js';
import type { Node } from '../engine/node.js';

const MISSING_KERNEL = /Kernel '([^']+)' not registered for backend '([^']+)'/;
const checked = new WeakMap<object, Set<string>>();

/** What the preflight needs from a model. */
export interface PreflightModel {
  readonly name: string;
  readonly nodes: Node[];
}

function zerosFor(shape: (number | null)[], dtype: tf.DataType): tf.Tensor {
  // Batch 1; unknown sizes (sequence lengths) 2, so recurrent and pooling layers see real work.
  return tf.zeros(shape.map((d, axis) => (d === null ? (axis === 0 ? 1 : 2) : d)), dtype);
}

/**
 * Runs every layer call of the model once, forward and backward, on a tiny zero batch on the
 * active backend, so a kernel the backend lacks fails here — naming the kernel and the layer —
 * rather than in the middle of an epoch. Done once per model and backend; nested models are
 * checked through their own nodes.
 */
export function preflight(model: PreflightModel): void {
  const backend = tf.getBackend();
  let backends = checked.get(model);
  if (backends?.has(backend)) return;
  for (const node of model.nodes) checkNode(node, backend);
  backends ??= new Set();
  backends.add(backend);
  checked.set(model, backends);
}

function checkNode(node: Node, backend: string): void {
  const layer = node.outboundLayer;
  const nested = layer as unknown as Partial<PreflightModel>;
  if (Array.isArray(nested.nodes)) {
    for (const inner of nested.nodes) checkNode(inner, backend);
    return;
  }
  if ((layer as unknown as { stateful?: boolean }).stateful === true) return; // its state must not move
  // Training-mode calls may update non-trainable state (BatchNormalization's moving statistics).
  const saved = layer.nonTrainableWeights.map((w) => tf.clone(w.variable));
  try {
    tf.tidy(() => {
      const inputs = node.inputTensors.map((t) => zerosFor(t.shape, t.dtype));
      const floatInputs = inputs.filter((t) => t.dtype === 'float32');
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
    const match = MISSING_KERNEL.exec((error as Error).message ?? '');
    if (match === null) return; // Other failures surface, with their own messages, in the real step.
    throw new MissingKernelError(
      `Layer '${layer.name}' (${layer.className}) needs the kernel '${match[1]}', which backend '${match[2] ?? backend}' does not provide. ` +
        `Nothing was trained. Use a backend that implements it (e.g. setBackend('cpu')), or import the keras-ts backend package, which registers fallbacks for missing kernels.`,
    );
  }
  restore();

  function restore(): void {
    layer.nonTrainableWeights.forEach((w, i) => w.variable.assign(saved[i]!));
    tf.dispose(saved);
    saved.length = 0;
  }
}
