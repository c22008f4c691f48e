// Every kernel case on 'cuda' against the cpu backend. Runs only where cudaStatus() reports a
// usable GPU; elsewhere the suite is skipped with the reason (set KERAS_TS_REQUIRE_GPU=1 to
// make a missing GPU fail instead, as `pnpm test:gpu` does).
import '@tensorflow/tfjs-backend-cpu';
import { setFallbackLogger } from '@keras-ts/backend-kit';
import { describe, expect, it } from 'vitest';
import { cudaStatus } from '../src/index.js';
import { compareResults, gpuCases, makeInputs, runCase, zeroReference } from './gpu-cases.js';

const status = cudaStatus();
if (!status.available && process.env.KERAS_TS_REQUIRE_GPU === '1') throw new Error(`KERAS_TS_REQUIRE_GPU=1 but cuda is unavailable: ${status.reason}`);
const describeOnGpu = status.available ? describe : describe.skip;
if (!status.available) console.warn(`cuda kernel tests skipped: ${status.reason}`);
setFallbackLogger(() => {});

describeOnGpu(`cuda kernels against cpu (${status.device?.name ?? 'no GPU'})`, () => {
  gpuCases.forEach((gpuCase, index) => {
    it(gpuCase.name, async () => {
      const values = makeInputs(gpuCase.inputs, 1000 + index);
      const actual = await runCase('cuda', gpuCase, values);
      const expected = gpuCase.reference === 'zero' ? zeroReference(actual) : await runCase('cpu', gpuCase, values);
      expect(compareResults(actual, expected, gpuCase.tolerance ?? 1e-4)).toEqual([]);
    });
  });
});
