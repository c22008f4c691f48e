export { conformanceCases } from './cases/all-cases.js';
export { type ConformanceCase, defaultTolerance, type InputSpec, type Tolerance } from './cases/case.js';
export { fusedCases } from './cases/fused.js';
export { checkCase, makeInputValues } from './check/check-case.js';
export { seededRandom, seedFromName } from './check/seeded-random.js';
export { checkFitCase, type ConformanceSuiteOptions, runConformanceSuite } from './suite/run-conformance-suite.js';
export { type FitCase, fitCases, fitData, trainFitCase } from './fit/fit-cases.js';
