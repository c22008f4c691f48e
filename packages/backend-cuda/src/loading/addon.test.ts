import { describe, expect, it } from 'vitest';
import { ADDON_PATH_VARIABLE, addonCandidates, loadAddon } from './addon.js';

describe('where the CUDA addon is looked for', () => {
  it('tries only the override when KERAS_TS_CUDA_ADDON is set, and says why it failed', () => {
    expect(addonCandidates({ [ADDON_PATH_VARIABLE]: '/nowhere/keras_ts_cuda.node' }).map((candidate) => candidate.source)).toEqual([ADDON_PATH_VARIABLE]);
    const loaded = loadAddon({ [ADDON_PATH_VARIABLE]: '/nowhere/keras_ts_cuda.node' });
    expect(loaded.addon).toBeUndefined();
    expect('reason' in loaded && loaded.reason).toMatch(
      /^no CUDA addon could be loaded for [\w-]+: KERAS_TS_CUDA_ADDON \(\/nowhere\/keras_ts_cuda\.node\): file not found\. Install @keras-ts\/backend-cuda-linux-x64/,
    );
  });

  it('tries the source build, then the prebuilt platform package', () => {
    const candidates = addonCandidates({});
    expect(candidates.map((candidate) => candidate.source)).toEqual([
      'source build',
      process.platform === 'linux' && process.arch === 'x64' ? '@keras-ts/backend-cuda-linux-x64' : 'prebuilt',
    ]);
    expect(candidates[0]?.path).toMatch(/build\/keras_ts_cuda\.node$/);
  });
});
