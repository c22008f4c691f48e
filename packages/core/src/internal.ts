/**
 * `@keras-ts/core/internal`: engine plumbing that keras-ts's own packages, tests and tools share
 * (layers, backends, the conformance suite, the benchmarks). Not public API: no semver promise,
 * names may change or go away in any release. Users import from `@keras-ts/core`.
 * @packageDocumentation
 */
export { CallbackList } from './callbacks/callback-list.js';
export { CallContext, currentCallContext, withCallContext } from './engine/call-context.js';
export { resetNameCounters } from './engine/naming.js';
export { mulberry32 } from './random/seed.js';
export { preflight } from './training/preflight.js';
export { allReduceVector, shardRange } from './training/data-parallel.js';
export { type Distribution, getDistribution, setDistribution } from './training/distribution.js';
