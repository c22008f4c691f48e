import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
// tfjs-core registers no gradients by itself; the gradient half of every case needs them.
import '@keras-ts/tfjs-gradients';
import { beforeAll, describe, it } from 'vitest';
import { conformanceCases } from '../cases/all-cases.js';
import type { ConformanceCase } from '../cases/case.js';
import { checkCase } from '../check/check-case.js';
import { type FitCase, fitCases, trainFitCase } from '../fit/fit-cases.js';

/** Options for {@link runConformanceSuite}. */
export interface ConformanceSuiteOptions {
  /** Case name → why the backend skips it. Every name must exist and every reason be non-empty. */
  skip?: Record<string, string>;
  /** Runs once before the cases (e.g. to await the backend's initialisation). */
  setup?: () => Promise<void>;
  /** The cases to run. Default: {@link conformanceCases}. */
  cases?: readonly ConformanceCase[];
  /** The short training runs to compare. Default: {@link fitCases} (Dense, Conv1D, Conv2D, LSTM, GRU, Embedding). */
  fitCases?: readonly FitCase[];
  /** Relative tolerance of the epoch losses against the reference backend. Default 1e-3. */
  fitTolerance?: number;
  /** Backend the results are compared with. Default 'cpu'. */
  referenceBackend?: string;
}

/**
 * Declares vitest tests, one per conformance case, that compare `backendName` with the cpu
 * backend (forward and gradient, on seeded random inputs). Skipped cases are reported as skipped
 * with their reason in the test name. Call it at the top level of a test file.
 */
export function runConformanceSuite(backendName: string, options: ConformanceSuiteOptions = {}): void {
  const cases = options.cases ?? conformanceCases;
  const skip = options.skip ?? {};
  const fits = options.fitCases ?? fitCases;
  const known = new Set([...cases.map((conformanceCase) => conformanceCase.name), ...fits.map((fitCase) => fitCase.name)]);
  for (const [name, reason] of Object.entries(skip)) {
    if (!known.has(name)) {
      throw new Error(`runConformanceSuite: skip lists '${name}', which is not a case; remove it or fix the name.`);
    }
    if (reason.trim() === '') throw new Error(`runConformanceSuite: skip entry '${name}' needs a reason.`);
  }
  describe(`conformance: '${backendName}' against '${options.referenceBackend ?? 'cpu'}'`, () => {
    if (options.setup !== undefined) beforeAll(options.setup);
    for (const conformanceCase of cases) {
      const reason = skip[conformanceCase.name];
      if (reason !== undefined) {
        it.skip(`${conformanceCase.name} (skipped: ${reason})`, () => {});
        continue;
      }
      it(conformanceCase.name, () => checkCase(backendName, conformanceCase, options.referenceBackend));
    }
  });
  if (fits.length === 0) return;
  describe(`conformance: short fit runs on '${backendName}' track '${options.referenceBackend ?? 'cpu'}'`, () => {
    if (options.setup !== undefined) beforeAll(options.setup);
    for (const fitCase of fits) {
      const reason = skip[fitCase.name];
      if (reason !== undefined) {
        it.skip(`${fitCase.name} (skipped: ${reason})`, () => {});
        continue;
      }
      it(fitCase.name, () => checkFitCase(backendName, fitCase, options.referenceBackend ?? 'cpu', options.fitTolerance ?? 1e-3));
    }
  });
}

/** Trains `fitCase` on the reference backend and on `backendName` from the same weights and data; the epoch losses must agree. */
export async function checkFitCase(backendName: string, fitCase: FitCase, referenceBackend = 'cpu', tolerance = 1e-3): Promise<void> {
  const previous = tf.getBackend();
  try {
    await tf.setBackend(referenceBackend);
    const reference = await trainFitCase(fitCase, undefined);
    await tf.setBackend(backendName);
    const actual = await trainFitCase(fitCase, reference.weights);
    reference.losses.forEach((expected, epoch) => {
      const got = actual.losses[epoch]!;
      if (!(Math.abs(got - expected) <= tolerance * Math.max(1, Math.abs(expected)))) {
        throw new Error(
          `${fitCase.name} on '${backendName}': epoch ${epoch + 1} loss ${got}, '${referenceBackend}' gave ${expected} (relative tolerance ${tolerance}).`,
        );
      }
    });
  } finally {
    await tf.setBackend(previous);
  }
}
