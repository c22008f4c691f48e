import * as tf from '@tensorflow/tfjs-core';
import { ALIASING_KERNELS, type StepFeed, type StepRecorder, setStepRecorder } from '@keras-ts/common';

type DataId = object;

/** A tensor as one kernel used it: the traced value it reads and the shape it read it with. */
export interface TracedUse {
  value: number;
  shape: number[];
  dtype: tf.DataType;
}

/** One `engine.runKernel` call of the step (nested calls inside a kernel are its own business). */
export interface TracedKernel {
  name: string;
  /** Input names in call order; `null` entries are absent optional inputs. */
  inputNames: string[];
  inputs: (TracedUse | null)[];
  /** Whether the kernel was given its inputs as an array (Concat, AddN, Pack, …). */
  inputsAsArray: boolean;
  attrs: tf.NamedAttrMap | undefined;
  outputs: TracedUse[];
  /** Whether the (single) output had its first input's dataId: the backend shared the data. */
  sharesFirstInput: boolean;
  /**
   * A kernel the backend implements with tfjs ops: it ran kernels of its own (other than the
   * engine's gradient-saving clones), so it needs Tensor inputs and the engine, not TensorInfos.
   */
  runsOps?: string;
}

/** A tensor made from JavaScript values during the step (not by a kernel). */
export interface TracedSource {
  value: number;
  shape: number[];
  dtype: tf.DataType;
  /** The values written (undefined for a fed source). */
  values: tf.backend_util.BackendValues | undefined;
  /** How the value is made again, when the code declared it (see @keras-ts/common's stepScalar). */
  feed: StepFeed | undefined;
  /** Where it was made (the first frame outside tfjs-core and this tracer), for error messages; formatted on demand. */
  origin: () => string;
}

/** What a traced value is, before the step or within it. */
export type TracedOrigin =
  | { kind: 'input'; index: number }
  | { kind: 'variable'; variable: tf.Variable }
  | { kind: 'external'; dataId: DataId }
  | { kind: 'source'; index: number }
  | { kind: 'kernel'; kernel: number; output: number; dataId: DataId };

/** A JavaScript event of the step, in order: a fed source, a side effect, or an invariant read. */
export type TracedEvent =
  | { kind: 'feed'; source: number }
  | { kind: 'effect'; effect: () => void }
  | { kind: 'invariant'; read: () => unknown; value: unknown; afterEffect: boolean }
  | { kind: 'check'; input: number; check: (tensor: tf.Tensor) => void };

/** One eager step, recorded kernel by kernel. */
export interface StepTrace {
  kernels: TracedKernel[];
  sources: TracedSource[];
  origins: TracedOrigin[];
  events: TracedEvent[];
  /** Variables whose value the step replaced, with the traced value they end with. */
  writes: { variable: tf.Variable; value: number; shape: number[]; dtype: tf.DataType }[];
  /** Values the step returns (predict's outputs). */
  results: TracedUse[];
  /** Why this step cannot be replayed (host reads, refusals, variables created), if it cannot. */
  refusals: string[];
  /** Variables created during the step: the next step may be traceable (optimizer slots). */
  createdVariables: boolean;
  backendName: string;
}

function useOf(
  values: Map<DataId, number>,
  clones: Map<DataId, DataId>,
  tensor: tf.TensorInfo,
  origins: TracedOrigin[],
  variables: Map<DataId, tf.Variable>,
): TracedUse {
  let value = values.get(tensor.dataId);
  for (let original = clones.get(tensor.dataId); value === undefined && original !== undefined; original = clones.get(original)) value = values.get(original);
  if (value === undefined) {
    value = origins.length;
    const variable = variables.get(tensor.dataId);
    origins.push(variable ? { kind: 'variable', variable } : { kind: 'external', dataId: tensor.dataId });
    values.set(tensor.dataId, value);
  }
  return { value, shape: [...tensor.shape], dtype: tensor.dtype };
}

/** Where the caller is; V8 formats the captured stack only when it is read, so call `()` only for messages. */
function callerSite(): () => string {
  const holder: { stack?: string } = {};
  (Error as unknown as { captureStackTrace?: (target: object) => void }).captureStackTrace?.(holder);
  return () => {
    const frames = (holder.stack ?? '').split('\n').slice(1);
    const frame = frames.find((line) => !line.includes('tfjs-core') && !line.includes('compiled/tracer') && !line.includes('step-values'));
    return frame?.trim().replace(/^at /, '') ?? 'unknown place';
  };
}

const callerFrame = () => callerSite()();

/**
 * Runs `step` (a real eager step) while recording every kernel it runs through
 * `engine.runKernel`, every tensor it makes from JavaScript values, its host reads, the
 * variables it replaces and the JavaScript events declared through @keras-ts/common's step
 * values. `inputs` are the batch tensors, in the order a replay passes them; `results` picks the
 * tensors the step returns.
 */
export function traceStep<R>(inputs: readonly tf.Tensor[], step: () => R, results: (result: R) => tf.Tensor[]): { result: R; trace: StepTrace } {
  const engine = tf.engine() as unknown as {
    runKernel: (name: string, inputs: tf.NamedTensorMap, attrs?: tf.NamedAttrMap) => tf.Tensor | tf.Tensor[];
    makeTensor: (values: unknown, shape: number[], dtype?: tf.DataType, backend?: unknown) => tf.Tensor;
    readSync: (dataId: DataId) => unknown;
    read: (dataId: DataId) => unknown;
    registeredVariables: Record<string, tf.Variable>;
    backendName: string;
  };
  const trace: StepTrace = {
    kernels: [],
    sources: [],
    origins: [],
    events: [],
    writes: [],
    results: [],
    refusals: [],
    createdVariables: false,
    backendName: tf.getBackend(),
  };
  const values = new Map<DataId, number>();
  const clones = new Map<DataId, DataId>();
  inputs.forEach((input, index) => {
    if (values.has(input.dataId)) return;
    values.set(input.dataId, trace.origins.length);
    trace.origins.push({ kind: 'input', index });
  });
  const variablesBefore = new Map<DataId, tf.Variable>();
  const startIds = new Map<tf.Variable, DataId>();
  for (const variable of Object.values(engine.registeredVariables)) {
    if (!variablesBefore.has(variable.dataId)) variablesBefore.set(variable.dataId, variable);
    startIds.set(variable, variable.dataId);
  }
  // Depth of runKernel / feed calls: only the step's own calls (depth 0) are recorded.
  let depth = 0;
  // The kernel of the step running now, and the first kernel its implementation ran through the engine.
  let kernelDepth = 0;
  let innerKernel: string | undefined;
  let effectSeen = false;
  const { runKernel, makeTensor, readSync, read } = engine;
  engine.runKernel = function (this: unknown, name, kernelInputs, attrs) {
    if (depth > 0) {
      if (kernelDepth > 0 && name !== 'Identity') innerKernel ??= name;
      const nested = runKernel.call(engine, name, kernelInputs, attrs);
      // The engine clones the tensors a kernel saves for its gradient (an Identity inside the
      // kernel call); where the backend copies (wasm), the clone is the same value as its input.
      // Its input may be the output of the kernel still running: resolved when first read.
      const source = (kernelInputs as Record<string, tf.Tensor | undefined>).x;
      if (name === 'Identity' && source !== undefined && !Array.isArray(nested) && nested.dataId !== source.dataId) clones.set(nested.dataId, source.dataId);
      return nested;
    }
    depth++;
    kernelDepth++;
    innerKernel = undefined;
    let out: tf.Tensor | tf.Tensor[];
    try {
      out = runKernel.call(engine, name, kernelInputs, attrs);
    } finally {
      depth--;
      kernelDepth--;
    }
    const runsOps = innerKernel;
    const inputsAsArray = Array.isArray(kernelInputs);
    const inputNames = Object.keys(kernelInputs);
    const uses = inputNames.map((key) => {
      const tensor = (kernelInputs as Record<string, tf.Tensor | null | undefined>)[key];
      return tensor == null ? null : useOf(values, clones, tensor, trace.origins, variablesBefore);
    });
    const kernel = trace.kernels.length;
    const outputs = (Array.isArray(out) ? out : [out]).map((tensor, output) => {
      const value = trace.origins.length;
      trace.origins.push({ kind: 'kernel', kernel, output, dataId: tensor.dataId });
      values.set(tensor.dataId, value);
      return { value, shape: [...tensor.shape], dtype: tensor.dtype };
    });
    const firstInput = (kernelInputs as Record<string, tf.Tensor | null | undefined>)[inputNames[0] ?? ''];
    const sharesFirstInput = !Array.isArray(out) && firstInput != null && firstInput.dataId === out.dataId;
    trace.kernels.push({
      name,
      inputNames,
      inputs: uses,
      inputsAsArray,
      attrs: attrs === undefined ? undefined : { ...attrs },
      outputs,
      sharesFirstInput,
      runsOps,
    });
    return out;
  };
  engine.makeTensor = function (this: unknown, data, shape, dtype, backend) {
    const tensor = makeTensor.call(engine, data, shape, dtype, backend);
    if (depth > 0) return tensor;
    if (tensor.dtype === 'string' || tensor.dtype === 'complex64') trace.refusals.push(`the step makes a ${tensor.dtype} tensor (${callerFrame()})`);
    const copy = ArrayBuffer.isView(data) ? (data as unknown as { slice(): tf.backend_util.BackendValues }).slice() : tf.util.flatten(data as number[]);
    const source = trace.sources.length;
    trace.sources.push({
      value: trace.origins.length,
      shape: [...tensor.shape],
      dtype: tensor.dtype,
      values: copy as tf.backend_util.BackendValues,
      feed: undefined,
      origin: callerSite(),
    });
    values.set(tensor.dataId, trace.origins.length);
    trace.origins.push({ kind: 'source', index: source });
    return tensor;
  };
  const refuseRead = (dataId: DataId) => {
    if (depth === 0) trace.refusals.push(`the step reads tensor values on the host (dataSync/data/arraySync) at ${callerFrame()}`);
    return dataId;
  };
  engine.readSync = (dataId) => readSync.call(engine, refuseRead(dataId));
  engine.read = (dataId) => read.call(engine, refuseRead(dataId));
  const recorder: StepRecorder = {
    beginFeed: () => {
      depth++;
    },
    endFeed: (tensor, feed) => {
      depth--;
      const source = trace.sources.length;
      trace.sources.push({ value: trace.origins.length, shape: [...tensor.shape], dtype: tensor.dtype, values: undefined, feed, origin: callerSite() });
      values.set(tensor.dataId, trace.origins.length);
      trace.origins.push({ kind: 'source', index: source });
      trace.events.push({ kind: 'feed', source });
    },
    effect: (effect) => {
      effectSeen = true;
      trace.events.push({ kind: 'effect', effect });
    },
    invariant: (readValue, value) => {
      trace.events.push({ kind: 'invariant', read: readValue, value, afterEffect: effectSeen });
    },
    refuse: (reason) => {
      trace.refusals.push(reason);
    },
    inputCheck: (tensor, check) => {
      depth++;
      try {
        check(tensor);
      } finally {
        depth--;
      }
      const origin = trace.origins[values.get(tensor.dataId) ?? -1];
      if (origin?.kind === 'input') trace.events.push({ kind: 'check', input: origin.index, check });
      else trace.refusals.push(`a host check (${callerFrame()}) reads a tensor that is not an input of the step`);
    },
  };
  const tensorsBefore = tf.memory().numTensors;
  const previousRecorder = setStepRecorder(recorder);
  let result: R;
  try {
    result = step();
  } finally {
    setStepRecorder(previousRecorder);
    Object.assign(engine, { runKernel, makeTensor, readSync, read });
    // The wrappers were own properties; removing them restores the prototype's methods.
    for (const key of ['runKernel', 'makeTensor', 'readSync', 'read'] as const) {
      if (Object.hasOwn(engine, key) && (engine as Record<string, unknown>)[key] === Object.getPrototypeOf(engine)[key])
        delete (engine as Record<string, unknown>)[key];
    }
  }
  for (const variable of Object.values(engine.registeredVariables)) {
    const start = startIds.get(variable);
    if (start === undefined) {
      trace.createdVariables = true;
      continue;
    }
    const value = values.get(variable.dataId);
    if (variable.dataId === start) {
      // Same data: unchanged, unless a kernel wrote it in place and returned it (a fused optimizer
      // update on a backend that updates in place). Such a write is recorded like any other, so the
      // plan assigns the variable whether or not the kernel can work in place when replayed.
      const origin = value === undefined ? undefined : trace.origins[value];
      if (origin?.kind !== 'kernel' || ALIASING_KERNELS.has(trace.kernels[origin.kernel]!.name)) continue;
    }
    if (value === undefined) {
      trace.refusals.push(`variable '${variable.name}' was given a value the step did not compute with kernels`);
      continue;
    }
    trace.writes.push({ variable, value, shape: [...variable.shape], dtype: variable.dtype });
  }
  const returned = results(result);
  const kept = tf.memory().numTensors - tensorsBefore - returned.length;
  if (kept !== 0 && !trace.createdVariables)
    trace.refusals.push(`the step keeps ${kept} tensor(s) outside its variables and results (state a replay would not update)`);
  for (const tensor of returned) {
    const value = values.get(tensor.dataId);
    if (value === undefined) trace.refusals.push('the step returns a tensor it did not compute with kernels');
    else trace.results.push({ value, shape: [...tensor.shape], dtype: tensor.dtype });
  }
  return { result, trace };
}
