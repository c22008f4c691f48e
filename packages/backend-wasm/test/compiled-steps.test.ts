import '@keras-ts/backend-wasm';
import { runCompiledStepsSuite } from '@keras-ts/backend-conformance';
import { setFallbackLogger } from '@keras-ts/backend-kit';

// Fallback notices are counted and asserted in fallbacks.test.ts; keep this output to failures.
setFallbackLogger(() => {});

// Compiled training steps replay wasm's kernels directly: they must match eager steps on wasm.
runCompiledStepsSuite('wasm');
