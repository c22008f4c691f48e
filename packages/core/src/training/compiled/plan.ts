import * as tf from '@tensorflow/tfjs-core';
import {
  isKernelProgramBackend,
  type KernelProgram,
  type KernelProgramRecorder,
  type KernelProgramStats,
  type ProgramKernel,
  type StepFeed,
} from '@keras-ts/common';
import { KerasError } from '../../errors/errors.js';
import type { StepTrace, TracedUse } from './tracer.js';

type DataId = object;

/** Kernels a plan never replays: their outputs depend on more than their inputs, or on the data. */
const notReplayable = new Set([
  'Unique',
  'Where',
  'NonMaxSuppressionV3',
  'NonMaxSuppressionV4',
  'NonMaxSuppressionV5',
  'SparseReshape',
  'SparseSegmentMean',
  'SparseSegmentSum',
  'DenseBincount',
  'Bincount',
  'Multinomial',
  'StringSplit',
  'StringNGrams',
  'StringToHashBucketFast',
]);
/** Kernels that only rename or reshape their input: dropped, their output read from their input. */
const aliasing = new Set(['Identity', 'Reshape', 'Cast', 'Transpose']);
/** Of those, the ones that keep their input's values only where the backend shared the data (seen in the trace). */
const aliasingWhenShared = new Set(['Reshape', 'Transpose']);

/** An input of a kernel call, reused at every replay: `dataId` is filled in before the call. */
interface BoundInput {
  value: number;
  info: { dataId: DataId; shape: number[]; dtype: tf.DataType };
}

interface PlanKernel {
  name: string;
  kernelFunc: tf.KernelFunc;
  inputNames: string[];
  inputs: (BoundInput | null)[];
  inputsAsArray: boolean;
  attrs: tf.NamedAttrMap | undefined;
  outputs: number[];
  /** Values whose last use is this kernel: released right after it. */
  release: number[];
  /** The kernel as a backend's program recorder sees it. */
  program: ProgramKernel;
  /**
   * The kernel function's argument, made once: its inputs are the `inputs`' infos (whose dataIds
   * are filled in before each call), so a replay allocates nothing to call a kernel.
   */
  argument: { inputs: tf.NamedTensorInfoMap; backend: tf.KernelBackend; attrs: tf.NamedAttrMap };
}

type PlanEvent =
  | { kind: 'feed'; value: number; feed: StepFeed }
  | { kind: 'effect'; effect: () => void }
  | { kind: 'invariant'; read: () => unknown; value: unknown }
  | { kind: 'check'; input: number; check: (tensor: tf.Tensor) => void };

/** Counts of what a plan does per replay, against the traced step (for tests and reports). */
export interface PlanStats {
  tracedKernels: number;
  replayedKernels: number;
  removedAliases: number;
  foldedKernels: number;
  /** Kernels per name in the traced step. */
  tracedByName: Record<string, number>;
  /** Kernels per name in the plan. */
  replayedByName: Record<string, number>;
  /**
   * Whether the backend runs the plan as a program of its own (see `KernelProgram` in
   * @keras-ts/common): `'recorded'`, or why not (`'not supported by the backend'`, the recorder's reason).
   * Undefined until the first replay.
   */
  program?: string;
  /** What the backend's program does per run, once recorded. */
  programStats?: KernelProgramStats;
  /** Replays the backend's program ran (the others ran kernel by kernel). */
  programRuns: number;
}

function countByName(names: string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const name of names) counts[name] = (counts[name] ?? 0) + 1;
  return counts;
}

/** Thrown by the {@link Plan} constructor when a trace cannot become a plan; `reason` says why (caught by CompiledSteps). */
export class PlanRefusal extends KerasError {
  constructor(readonly reason: string) {
    super(`The traced step cannot be compiled: ${reason}.`);
  }
}

/**
 * A traced step as a static list of kernel calls over numbered values: no Tensor objects, no
 * tape, no tidy. Identity and same-dtype Cast are dropped, and Reshape where the backend shares data
 * (checked on the trace: the output had the input's dataId); kernels of constants only run once,
 * here; every intermediate is released right after its last use.
 */
export class Plan {
  readonly stats: PlanStats;
  private readonly kernels: PlanKernel[] = [];
  private readonly events: PlanEvent[] = [];
  private readonly slots: (DataId | undefined)[];
  /** Values the plan owns for its lifetime (constants, folded results, captured tensors). */
  private readonly constants: number[] = [];
  private readonly inputs: { value: number; index: number }[] = [];
  private readonly variables: { value: number; variable: tf.Variable }[] = [];
  /** Values alive at the end (written to variables or returned), released after that. */
  private readonly endRelease: number[] = [];
  private readonly writes: { use: TracedUse; variable: tf.Variable }[];
  private readonly results: TracedUse[];
  /** The values a replay hands out (variable writes and results), each once. */
  private readonly escaping: number[];
  private readonly backend: tf.KernelBackend;
  private readonly backendName: string;
  private disposed = false;
  /** The backend's program of this plan (recorded at the first replay), when it makes one. */
  private program: KernelProgram | undefined;
  private programTried = false;

  constructor(trace: StepTrace) {
    this.backendName = trace.backendName;
    this.backend = tf.findBackend(trace.backendName) ?? tf.backend();
    const root = trace.origins.map((_, value) => value);
    const resolve = (value: number): number => (root[value] === value ? value : (root[value] = resolve(root[value]!)));
    const constant = new Set<number>();
    this.slots = new Array(trace.origins.length).fill(undefined);
    const own = (value: number, dataId: DataId) => {
      this.slots[value] = dataId;
      this.constants.push(value);
      constant.add(value);
    };
    try {
      trace.origins.forEach((origin, value) => {
        if (origin.kind === 'input') this.inputs.push({ value, index: origin.index });
        else if (origin.kind === 'variable') this.variables.push({ value, variable: origin.variable });
        else if (origin.kind === 'external') {
          // A tensor the step read that is neither input nor variable (a cached constant): tensors are
          // immutable, so holding one more reference keeps the value it had.
          this.backend.incRef(origin.dataId);
          own(value, origin.dataId);
        }
      });
      for (const source of trace.sources) {
        if (source.feed === undefined) own(source.value, this.backend.write(source.values!, source.shape, source.dtype));
      }
      for (const event of trace.events) {
        if (event.kind === 'feed') this.events.push({ kind: 'feed', value: trace.sources[event.source]!.value, feed: trace.sources[event.source]!.feed! });
        else if (event.kind === 'effect' || event.kind === 'check') this.events.push(event);
        else {
          if (event.afterEffect) throw new PlanRefusal('a value baked into the kernels is read after a JavaScript effect of the same step');
          this.events.push(event);
        }
      }
      let removedAliases = 0;
      let foldedKernels = 0;
      for (const traced of trace.kernels) {
        if (notReplayable.has(traced.name)) throw new PlanRefusal(`kernel ${traced.name} has data-dependent or random outputs`);
        const kernel = tf.getKernel(traced.name, trace.backendName);
        if (kernel === undefined) throw new PlanRefusal(`kernel ${traced.name} is not registered for backend '${trace.backendName}'`);
        if (traced.runsOps !== undefined) {
          throw new PlanRefusal(
            `kernel ${traced.name} of backend '${trace.backendName}' is implemented with tfjs ops (it runs ${traced.runsOps} through the engine), which a plan cannot call`,
          );
        }
        const first = traced.inputs[0];
        // Identity and a same-dtype Cast are their input's values (tensors are immutable), on any
        // backend; a Reshape is when the backend shares the data (seen in the trace: same dataId),
        // and so is a Transpose, which a backend shares only when the element order is kept.
        const sameValues = !aliasingWhenShared.has(traced.name) || traced.sharesFirstInput;
        if (aliasing.has(traced.name) && sameValues && first != null && first.dtype === traced.outputs[0]!.dtype && traced.outputs.length === 1) {
          root[traced.outputs[0]!.value] = resolve(first!.value);
          removedAliases++;
          continue;
        }
        const inputs = traced.inputs.map((use) =>
          use === null ? null : { value: resolve(use.value), info: { dataId: undefined as unknown as DataId, shape: use.shape, dtype: use.dtype } },
        );
        const outputValues = traced.outputs.map((use) => use.value);
        const named = traced.inputsAsArray ? [] : ({} as Record<string, tf.TensorInfo | undefined>);
        // An absent optional input is undefined, as ops hand it to the engine (kernels test `!== undefined`).
        inputs.forEach((input, i) => {
          (named as Record<string, tf.TensorInfo | undefined>)[traced.inputNames[i]!] = input?.info;
        });
        const planned: PlanKernel = {
          name: traced.name,
          kernelFunc: kernel.kernelFunc,
          inputNames: traced.inputNames,
          inputs,
          inputsAsArray: traced.inputsAsArray,
          attrs: traced.attrs,
          outputs: outputValues,
          release: [],
          program: {
            name: traced.name,
            inputs: inputs.map((input) => (input === null ? null : input.value)),
            outputs: outputValues,
            call: (infos) => this.invoke(planned, infos),
          },
          argument: { inputs: named as tf.NamedTensorInfoMap, backend: this.backend, attrs: traced.attrs ?? {} },
        };
        if (!traced.name.startsWith('Random') && inputs.every((input) => input === null || constant.has(input.value))) {
          // Constant folding: run it once now; its outputs are plan constants.
          this.call(planned);
          for (const value of planned.outputs) own(value, this.slots[value]!);
          foldedKernels++;
          continue;
        }
        this.kernels.push(planned);
      }
      this.writes = trace.writes.map((write) => ({ use: { value: resolve(write.value), shape: write.shape, dtype: write.dtype }, variable: write.variable }));
      this.results = trace.results.map((use) => ({ ...use, value: resolve(use.value) }));
      this.escaping = [...new Set([...this.writes.map((write) => write.use.value), ...this.results.map((result) => result.value)])];
      this.planReleases(trace);
      this.stats = {
        tracedKernels: trace.kernels.length,
        replayedKernels: this.kernels.length,
        removedAliases,
        foldedKernels,
        tracedByName: countByName(trace.kernels.map((kernel) => kernel.name)),
        replayedByName: countByName(this.kernels.map((kernel) => kernel.name)),
        programRuns: 0,
      };
    } catch (error) {
      // A refused trace leaves nothing behind: the constants written and references taken so far go.
      for (const value of this.constants) this.backend.disposeData(this.slots[value]!);
      throw error;
    }
  }

  /** Liveness: each owned value (kernel output or feed) is released after its last reader. */
  private planReleases(trace: StepTrace): void {
    const lastUse = new Map<number, number>();
    this.kernels.forEach((kernel, k) => {
      for (const input of kernel.inputs) if (input !== null) lastUse.set(input.value, k);
    });
    const atEnd = new Set([...this.writes.map((w) => w.use.value), ...this.results.map((r) => r.value)]);
    const constants = new Set(this.constants);
    const released = (value: number, producer: number) => {
      if (constants.has(value)) return;
      if (atEnd.has(value)) {
        if (!this.endRelease.includes(value)) this.endRelease.push(value);
        return;
      }
      this.kernels[Math.max(lastUse.get(value) ?? producer, producer)]!.release.push(value);
    };
    this.kernels.forEach((kernel, k) => {
      for (const value of kernel.outputs) released(value, k);
    });
    for (const event of this.events) {
      if (event.kind !== 'feed') continue;
      // A feed nobody reads (its consumers were folded away) is still made, to keep the random stream in step.
      if (this.kernels.length === 0) this.endRelease.push(event.value);
      else released(event.value, 0);
    }
    void trace;
  }

  /** Calls `kernel`'s kernelFunc on `infos` (in its input order). */
  private invoke(kernel: PlanKernel, infos: readonly (tf.TensorInfo | null)[]): tf.TensorInfo[] {
    const args = kernel.inputsAsArray ? [] : ({} as Record<string, tf.TensorInfo | undefined>);
    // An absent optional input is undefined, as ops hand it to the engine (kernels test `!== undefined`).
    infos.forEach((info, i) => {
      (args as Record<string, tf.TensorInfo | undefined>)[kernel.inputNames[i]!] = info ?? undefined;
    });
    const out = kernel.kernelFunc({ inputs: args as tf.NamedTensorInfoMap, backend: this.backend, attrs: kernel.attrs ?? {} });
    return Array.isArray(out) ? out.map((info) => this.adopt(info)) : [this.adopt(out)];
  }

  /**
   * A kernel output as the plan holds it: its data and one reference on the backend, nothing in
   * the engine. Most kernels return such a TensorInfo; a few return a tensor the engine already
   * counts (tfjs-backend-cpu's Abs, through its `makeOutput`), which the engine's own dispatch
   * adopts as the op's result but a replay, calling the kernel directly, must take over: its
   * reference moves to the plan and the engine forgets the tensor (else one tensor leaks per call).
   */
  private adopt(output: tf.TensorInfo): tf.TensorInfo {
    if (!(output instanceof tf.Tensor)) return output;
    const { dataId, shape, dtype } = output;
    this.backend.incRef(dataId);
    output.dispose();
    tf.engine().removeDataId(dataId, this.backend);
    return { dataId, shape, dtype };
  }

  /** Runs `kernel` on the current slots (through `recorder` when recording), filling its output slots. */
  private call(kernel: PlanKernel, recorder?: KernelProgramRecorder): void {
    if (recorder !== undefined) {
      const infos = kernel.inputs.map((input) => {
        if (input === null) return null;
        input.info.dataId = this.slots[input.value]!;
        return input.info;
      });
      recorder.run(kernel.program, infos).forEach((info, i) => {
        this.slots[kernel.outputs[i]!] = info.dataId;
      });
      return;
    }
    for (const input of kernel.inputs) if (input !== null) input.info.dataId = this.slots[input.value]!;
    const out = kernel.kernelFunc(kernel.argument);
    if (!Array.isArray(out)) this.slots[kernel.outputs[0]!] = this.adopt(out).dataId;
    else for (let i = 0; i < out.length; i++) this.slots[kernel.outputs[i]!] = this.adopt(out[i]!).dataId;
  }

  /** A recorder for this replay when the backend records programs and none was tried yet. */
  private startRecording(): KernelProgramRecorder | undefined {
    if (this.programTried) return undefined;
    this.programTried = true;
    if (!isKernelProgramBackend(this.backend)) {
      this.stats.program = 'not supported by the backend';
      return undefined;
    }
    const recorder = this.backend.createKernelProgramRecorder();
    const infoOf = (value: number, shape: number[], dtype: tf.DataType): tf.TensorInfo => ({ dataId: this.slots[value]!, shape, dtype });
    const bound = new Set<number>();
    const bind = (value: number, info: tf.TensorInfo, kind: 'dynamic' | 'constant') => {
      if (bound.has(value)) return;
      bound.add(value);
      recorder.bind(value, info, kind);
    };
    // Shapes and dtypes of the values read, from the kernels that read them.
    const uses = new Map<number, { shape: number[]; dtype: tf.DataType }>();
    for (const kernel of this.kernels) for (const input of kernel.inputs) if (input !== null) uses.set(input.value, input.info);
    for (const use of [...this.writes.map((write) => write.use), ...this.results]) if (!uses.has(use.value)) uses.set(use.value, use);
    const dynamic = [
      ...this.inputs.map((input) => input.value),
      ...this.variables.map((variable) => variable.value),
      ...this.events.flatMap((event) => (event.kind === 'feed' ? [event.value] : [])),
    ];
    for (const value of dynamic) {
      const use = uses.get(value);
      if (use !== undefined) bind(value, infoOf(value, use.shape, use.dtype), 'dynamic');
    }
    for (const value of this.constants) {
      const use = uses.get(value);
      if (use !== undefined) bind(value, infoOf(value, use.shape, use.dtype), 'constant');
    }
    return recorder;
  }

  /** Ends a recording: keeps the program, or the reason there is none. */
  private finishRecording(recorder: KernelProgramRecorder): void {
    const program = recorder.finish(this.escaping);
    if (typeof program === 'string') this.stats.program = program;
    else {
      this.program = program;
      this.stats.program = 'recorded';
      this.stats.programStats = program.stats;
    }
  }

  /**
   * Runs the backend's program instead of the kernels; false (nothing changed) when it declines.
   * On success the escaping values are in the slots, each holding one reference for the end of the replay.
   */
  private runProgram(): boolean {
    const escaped = this.program!.run((value) => this.slots[value]!);
    if (escaped === undefined) return false;
    this.stats.programRuns++;
    this.escaping.forEach((value, i) => {
      this.slots[value] = escaped[i]!.dataId;
    });
    // The feeds' references (released by liveness when the plan runs kernel by kernel).
    for (const event of this.events) if (event.kind === 'feed') this.backend.disposeData(this.slots[event.value]!);
    return true;
  }

  /**
   * Runs the plan on `inputs` (the batch tensors, in traced order): reads the variables, makes the
   * feeds and runs the effects, calls every kernel, writes the variables and returns the results
   * as new tensors. Returns `undefined` without running anything when a value baked into the
   * kernels changed (the step must be traced again).
   */
  replay(inputs: readonly tf.Tensor[]): tf.Tensor[] | undefined {
    if (this.disposed || tf.getBackend() !== this.backendName) return undefined;
    for (const event of this.events) if (event.kind === 'invariant' && event.read() !== event.value) return undefined;
    // Host checks of the inputs (Embedding's index range) throw before anything changes.
    for (const event of this.events) if (event.kind === 'check') event.check(inputs[event.input]!);
    const slots = this.slots;
    for (const { value, index } of this.inputs) slots[value] = inputs[index]!.dataId;
    for (const { value, variable } of this.variables) slots[value] = variable.dataId;
    const made: tf.Tensor[] = [];
    for (const event of this.events) {
      if (event.kind === 'effect') event.effect();
      else if (event.kind === 'feed') {
        const { feed } = event;
        if (feed.kind === 'scalar') {
          const value = feed.value();
          slots[event.value] = this.backend.write(feed.dtype === 'int32' ? Int32Array.of(value) : Float32Array.of(value), [], feed.dtype);
        } else {
          // Its intermediates go; the tensor stays until the end of the replay.
          const tensor = tf.tidy(feed.make);
          // The plan's reference, released like any intermediate; the tensor itself goes at the end.
          this.backend.incRef(tensor.dataId);
          slots[event.value] = tensor.dataId;
          made.push(tensor);
        }
      }
    }
    let k = 0;
    let programRan = false;
    try {
      programRan = this.program !== undefined && this.runProgram();
      if (!programRan) {
        const recorder = this.startRecording();
        for (; k < this.kernels.length; k++) {
          const kernel = this.kernels[k]!;
          this.call(kernel, recorder);
          for (const value of kernel.release) {
            this.backend.disposeData(slots[value]!);
            recorder?.released(value);
          }
        }
        if (recorder !== undefined) this.finishRecording(recorder);
      }
    } catch (error) {
      // A program that throws has released what it made itself; the feeds (and, kernel by kernel, what
      // the kernels before the failing one made) are released here.
      this.releaseAfterFailure(k);
      tf.dispose(made);
      throw error;
    }
    const engine = tf.engine();
    const tensorOf = (use: TracedUse) => {
      const dataId = slots[use.value]!;
      this.backend.incRef(dataId);
      return engine.makeTensorFromTensorInfo({ dataId, shape: use.shape, dtype: use.dtype }, this.backend);
    };
    // A kernel that updated its variable in place (the fused optimizer updates) hands back the
    // variable's own data: nothing to assign.
    const written = this.writes.map(({ use, variable }) => (slots[use.value] === variable.dataId ? undefined : tensorOf(use)));
    const results = this.results.map(tensorOf);
    if (programRan) for (const value of this.escaping) this.backend.disposeData(slots[value]!);
    else for (const value of this.endRelease) this.backend.disposeData(slots[value]!);
    this.writes.forEach(({ variable }, i) => {
      const tensor = written[i];
      if (tensor !== undefined) variable.assign(tensor);
    });
    for (const tensor of written) tensor?.dispose();
    tf.dispose(made);
    return results;
  }

  /** Releases what a replay that failed at kernel `failed` still held (made before, released after). */
  private releaseAfterFailure(failed: number): void {
    const releasedAt = new Map<number, number>();
    this.kernels.forEach((kernel, k) => {
      for (const value of kernel.release) releasedAt.set(value, k);
    });
    const held = [
      ...this.kernels.slice(0, failed).flatMap((kernel) => kernel.outputs),
      ...this.events.flatMap((event) => (event.kind === 'feed' ? [event.value] : [])),
    ];
    for (const value of held) {
      const at = releasedAt.get(value) ?? Number.POSITIVE_INFINITY;
      if (at >= failed && this.slots[value] !== undefined) this.backend.disposeData(this.slots[value]!);
    }
  }

  /** Frees the plan's constants. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.program?.dispose();
    this.program = undefined;
    for (const value of this.constants) this.backend.disposeData(this.slots[value]!);
  }
}
