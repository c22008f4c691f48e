import * as tf from '@tensorflow/tfjs-core';
import { getDistribution } from '../distribution.js';
import { compareTraces } from './compare-traces.js';
import { JitCompileError } from './jit-compile-error.js';
import { Plan, PlanRefusal, type PlanStats } from './plan.js';
import { type StepTrace, traceStep } from './tracer.js';

/** `compile({ jitCompile })`: 'auto' compiles when it can and says once why not; true insists; false never compiles. */
export type JitCompile = 'auto' | boolean;

/** Which step of a model: a training step, an evaluation step or a prediction batch. */
export type StepKind = 'train' | 'test' | 'predict';

/** Steps traced before giving up on two identical consecutive traces. */
const maxTraces = 4;

interface Entry {
  previous: StepTrace | undefined;
  traces: number;
  plan: Plan | undefined;
  /** Plans dropped because a value baked into their kernels changed. */
  invalidations: number;
}

/** Signatures kept (least recently used dropped first): inputs of many lengths must not pile up plans. */
const maxSignatures = 16;

/** Plans dropped for changed baked-in values before the step kind stays eager. */
const maxInvalidations = 3;

/**
 * The compiled steps of one compiled model: per step kind and input signature (shapes and dtypes
 * of every batch tensor, the backend), the eager step is traced (see {@link traceStep}) until two
 * consecutive traces agree ({@link compareTraces}), then replayed as a {@link Plan}. What cannot
 * be compiled runs eagerly: with `'auto'` after one console warning, with `true` after throwing a
 * {@link JitCompileError} once.
 */
export class CompiledSteps {
  private readonly entries = new Map<string, Entry>();
  private readonly eagerReasons = new Map<StepKind, string>();

  /**
   * @param mode the `jitCompile` option.
   * @param modelName the model's name, for messages.
   * @param staticReason why the model cannot be compiled at all (a layer that opts out), if so.
   */
  constructor(
    readonly mode: JitCompile,
    private readonly modelName: string,
    private readonly staticReason: () => string | undefined,
  ) {}

  /**
   * Runs one step of `kind` on `inputs` (the batch tensors; `undefined` for an absent sample
   * weight): replays its plan when there is one, else runs `eager` (tracing it while no plan
   * exists). `results` lists the tensors the step returns and `fromResults` rebuilds its result
   * from a replay's tensors; `version` is part of the signature (the model's weight list).
   */
  run<R>(
    kind: StepKind,
    inputs: readonly (tf.Tensor | undefined)[],
    eager: () => R,
    results: (result: R) => tf.Tensor[],
    fromResults: (tensors: tf.Tensor[]) => R,
    version = '',
  ): R {
    if (this.mode === false) return eager();
    const reason = this.eagerReasons.get(kind) ?? this.staticReason();
    if (reason !== undefined) {
      // With jitCompile: true every later call refuses before running anything.
      if (!this.eagerReasons.has(kind) || this.mode === true) this.refuse(kind, reason);
      return eager();
    }
    // A data-parallel step shards the batch by rank and all-reduces (the KerasAllReduceSum kernel):
    // its plan is not the step of one process, nor of another world.
    const distribution = getDistribution();
    const world = distribution === undefined ? '' : `${distribution.rank}/${distribution.worldSize}`;
    const signature = `${kind}|${tf.getBackend()}|${world}|${version}|${inputs.map((t) => (t === undefined ? '-' : `${t.dtype}[${t.shape}]`)).join(';')}`;
    let entry = this.entries.get(signature);
    if (entry === undefined) {
      entry = { previous: undefined, traces: 0, plan: undefined, invalidations: 0 };
      if (this.entries.size >= maxSignatures) {
        const [oldest, dropped] = this.entries.entries().next().value as [string, Entry];
        dropped.plan?.dispose();
        this.entries.delete(oldest);
      }
    } else {
      // Map order is recency order: the entry moves to the end.
      this.entries.delete(signature);
    }
    this.entries.set(signature, entry);
    const defined = inputs.filter((t): t is tf.Tensor => t !== undefined);
    if (entry.plan !== undefined) {
      const replayed = entry.plan.replay(defined);
      if (replayed !== undefined) return fromResults(replayed);
      // A value baked into the kernels changed (a fused update's learning rate): trace again.
      entry.plan.dispose();
      entry.plan = undefined;
      entry.traces = 0;
      if (++entry.invalidations > maxInvalidations) {
        this.refuse(kind, 'a value baked into its kernels keeps changing (a fused update whose learning-rate attribute follows a schedule?)');
        return eager();
      }
    }
    const { result, trace } = traceStep(defined, eager, results);
    if (trace.refusals.length > 0) {
      this.refuse(kind, trace.refusals[0]!);
      return result;
    }
    entry.traces++;
    if (trace.createdVariables) {
      entry.previous = undefined;
      return result;
    }
    const difference = entry.previous === undefined ? { reason: '', structural: true } : compareTraces(entry.previous, trace);
    entry.previous = trace;
    if (difference === undefined) {
      try {
        entry.plan = new Plan(trace);
        entry.previous = undefined;
      } catch (error) {
        // The eager step itself succeeded: a plan that cannot be built only keeps the step eager.
        this.refuse(kind, error instanceof PlanRefusal ? error.reason : `building its plan failed (${error instanceof Error ? error.message : String(error)})`);
      }
    } else if (!difference.structural) {
      this.refuse(kind, difference.reason);
    } else if (entry.traces >= maxTraces) {
      this.refuse(kind, `its kernels differ from step to step (${difference.reason})`);
    }
    return result;
  }

  private refuse(kind: StepKind, reason: string): void {
    this.eagerReasons.set(kind, reason);
    for (const [signature, entry] of this.entries) {
      if (!signature.startsWith(`${kind}|`)) continue;
      entry.plan?.dispose();
      this.entries.delete(signature);
    }
    const message = `Model '${this.modelName}' runs its ${kind} step eagerly: ${reason}.`;
    if (this.mode === true) throw new JitCompileError(`${message} compile() was given jitCompile: true; pass 'auto' or false to train eagerly.`);
    console.warn(`keras-ts: ${message}`);
  }

  /** The plans built so far, with their kernel counts (for tests and benchmarks). */
  plans(): { signature: string; stats: PlanStats }[] {
    return [...this.entries].flatMap(([signature, entry]) => (entry.plan ? [{ signature, stats: entry.plan.stats }] : []));
  }

  /** Why `kind` runs eagerly, if it does. */
  eagerReason(kind: StepKind): string | undefined {
    return this.eagerReasons.get(kind);
  }

  /** Frees every plan (the step state or the weights changed); the next steps trace again. */
  clear(): void {
    for (const entry of this.entries.values()) entry.plan?.dispose();
    this.entries.clear();
  }
}
