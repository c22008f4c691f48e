import '@tensorflow/tfjs-backend-cpu';
// tfjs-core registers no gradients by itself; the gradient half of every case needs them.
import '@keras-ts/tfjs-gradients';
import { beforeAll, describe, it } from 'vitest';
import { conformanceCases } from '../cases/all-cases.js';
import type { ConformanceCase } from '../cases/case.js';
import { checkCase } from '../check/check-case.js';

/** Options for {@link runConformanceSuite}. */
export interface ConformanceSuiteOptions {
  /** Case name → why the backend skips it. Every name must exist and every reason be non-empty. */
  skip?: Record<string, string>;
  /** Runs once before the cases (e.g. to await the backend's initialisation). */
  setup?: () => Promise<void>;
  /** The cases to run. Default: {@link conformanceCases}. */
  cases?: readonly ConformanceCase[];
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
  const known = new Set(cases.map((conformanceCase) => conformanceCase.name));
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
}
