import { packageConfig } from '@keras-ts/vitest-config';

// One long suite: packing, a plain-npm install and two browser runs share one consumer folder.
export default packageConfig({ include: ['src/**/*.test.ts'], testTimeout: 300_000, hookTimeout: 600_000, maxWorkers: 1 });
