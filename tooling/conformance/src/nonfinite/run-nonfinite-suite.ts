import '@tensorflow/tfjs-backend-cpu';
import '@keras-ts/tfjs-gradients';
// The reference is the cpu backend as keras-ts users get it: core replaces some stock cpu kernels
// (UnsortedSegmentSum in one pass, where the stock kernel's masks spread NaN to every segment).
import '@keras-ts/core';
import { beforeAll, describe, it } from 'vitest';
import { conformanceCases } from '../cases/all-cases.js';
import type { ConformanceCase } from '../cases/case.js';
import { checkNonfiniteCase } from './check-nonfinite-case.js';
import { nonfiniteOnlyCases } from './extra-cases.js';
import { nonfiniteCases } from './nonfinite-cases.js';

/** Options for {@link runNonfiniteSuite}. */
export interface NonfiniteSuiteOptions {
  /**
   * Name → why the backend skips it: `<case> [nan in input 1]` (or `-nan`, `+inf`, `-inf`) skips one run,
   * the case name alone skips every run of the case. Every name must exist and every reason be
   * non-empty.
   */
  skip?: Record<string, string>;
  /** Runs once before the cases (e.g. to await the backend's initialisation). */
  setup?: () => Promise<void>;
  /** The op-level cases to plant non-finite values in. Default: every conformance case and {@link nonfiniteOnlyCases}. */
  cases?: readonly ConformanceCase[];
  /** Backend the results are compared with. Default 'cpu'. */
  referenceBackend?: string;
}

/**
 * Declares vitest tests that run every op-level conformance case with NaN (both signs),
 * +Infinity and −Infinity planted in each of its float inputs in turn, on `backendName` and on the reference (cpu), and
 * require the same NaN/Infinity pattern in every output and gradient (finite values within the
 * case's tolerance): a backend must propagate non-finite values as tfjs-backend-cpu does, so a
 * diverging model shows NaN on every backend. Call it at the top level of a test file.
 */
export function runNonfiniteSuite(backendName: string, options: NonfiniteSuiteOptions = {}): void {
  const cases = nonfiniteCases(options.cases ?? [...conformanceCases, ...nonfiniteOnlyCases]);
  const skip = options.skip ?? {};
  const known = new Set([...cases.map((c) => c.name), ...cases.map((c) => c.base.name)]);
  for (const [name, reason] of Object.entries(skip)) {
    if (!known.has(name)) throw new Error(`runNonfiniteSuite: skip lists '${name}', which is not a case; remove it or fix the name.`);
    if (reason.trim() === '') throw new Error(`runNonfiniteSuite: skip entry '${name}' needs a reason.`);
  }
  const referenceBackend = options.referenceBackend ?? 'cpu';
  describe(`conformance with NaN and ±Infinity inputs: '${backendName}' against '${referenceBackend}'`, () => {
    if (options.setup !== undefined) beforeAll(options.setup);
    for (const nonfiniteCase of cases) {
      const reason = skip[nonfiniteCase.name] ?? skip[nonfiniteCase.base.name];
      if (reason !== undefined) {
        it.skip(`${nonfiniteCase.name} (skipped: ${reason})`, () => {});
        continue;
      }
      it(nonfiniteCase.name, () => checkNonfiniteCase(backendName, nonfiniteCase, referenceBackend));
    }
  });
}
