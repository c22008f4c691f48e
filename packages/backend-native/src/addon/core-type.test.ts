import { describe, expect, it } from 'vitest';
import { withOpenBlasCoreType } from './core-type.js';

describe('withOpenBlasCoreType', () => {
  it('loads with OPENBLAS_CORETYPE = KERAS_TS_OPENBLAS_CORETYPE, then restores it', () => {
    const environment: NodeJS.ProcessEnv = { KERAS_TS_OPENBLAS_CORETYPE: 'SkylakeX', OPENBLAS_CORETYPE: 'Haswell' };
    expect(withOpenBlasCoreType(() => environment.OPENBLAS_CORETYPE, environment)).toBe('SkylakeX');
    expect(environment.OPENBLAS_CORETYPE).toBe('Haswell');
    const unset: NodeJS.ProcessEnv = { KERAS_TS_OPENBLAS_CORETYPE: 'Zen' };
    expect(withOpenBlasCoreType(() => unset.OPENBLAS_CORETYPE, unset)).toBe('Zen');
    expect('OPENBLAS_CORETYPE' in unset).toBe(false);
  });

  it("leaves OPENBLAS_CORETYPE (or OpenBLAS's own detection) alone otherwise, also when loading throws", () => {
    const environment: NodeJS.ProcessEnv = { OPENBLAS_CORETYPE: 'Haswell' };
    expect(withOpenBlasCoreType(() => environment.OPENBLAS_CORETYPE, environment)).toBe('Haswell');
    expect(withOpenBlasCoreType(() => environment.OPENBLAS_CORETYPE, {})).toBe('Haswell');
    const failing: NodeJS.ProcessEnv = { KERAS_TS_OPENBLAS_CORETYPE: 'SkylakeX' };
    expect(() =>
      withOpenBlasCoreType(() => {
        throw new Error('dlopen failed');
      }, failing),
    ).toThrow('dlopen failed');
    expect('OPENBLAS_CORETYPE' in failing).toBe(false);
  });
});
