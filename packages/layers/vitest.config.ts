import { packageConfig } from '@keras-ts/vitest-config';

export default packageConfig({ setupFiles: ['./src/testing/seeded-setup.test-utils.ts'] });
