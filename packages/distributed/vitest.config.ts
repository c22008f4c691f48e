import { packageConfig } from '@keras-ts/vitest-config';

export default packageConfig();
