import '@keras-ts/backend-wasm';
import { runConformanceSuite } from '@keras-ts/backend-conformance';
import { setFallbackLogger } from '@keras-ts/backend-kit';

// Fallback notices are counted and asserted in fallbacks.test.ts; keep this output to failures.
setFallbackLogger(() => {});

runConformanceSuite('wasm', {
  skip: {},
});
