import '@keras-ts/backend-wasm';
import { runConformanceSuite } from '@keras-ts/backend-conformance';
import { setFallbackLogger } from '@keras-ts/backend-kit';

// Fallback notices are counted and asserted in fallbacks.test.ts; keep this output to failures.
setFallbackLogger(() => {});

// No case is skipped. Of the fused/* cases, fused/rmsprop-update/* checks wasm's KerasRMSpropUpdate
// kernel against backend-kit's declared reference; the other fused ops run their references here.
runConformanceSuite('wasm', {
  skip: {},
});
