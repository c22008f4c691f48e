import '@keras-ts/backend-wasm';
import { paddedFilterTapSkips, runConformanceSuite, runNonfiniteSuite, runRobustnessSuite } from '@keras-ts/backend-conformance';
import { setFallbackLogger } from '@keras-ts/backend-kit';

// Fallback notices are counted and asserted in fallbacks.test.ts; keep this output to failures.
setFallbackLogger(() => {});

// No case is skipped. Of the fused/* cases, fused/rmsprop-update/* checks wasm's KerasRMSpropUpdate
// kernel against backend-kit's declared reference; the other fused ops run their references here.
runConformanceSuite('wasm', {
  skip: {},
});

// The same cases with NaN, +Infinity and -Infinity planted in each float input in turn: every
// output and gradient must be NaN, ±Infinity or finite exactly where the cpu backend's is.
// Skipped: a non-finite filter weight on a tap in 'same' padding (see paddedFilterTapSkips).
runNonfiniteSuite('wasm', {
  skip: paddedFilterTapSkips('XNNPACK', true),
});

// Seed 003's variable-length three-output model trains, refuses too-short posts with a ShapeError
// and meets NaN as the cpu backend does; each test is bounded, so a hang fails it.
runRobustnessSuite('wasm');
