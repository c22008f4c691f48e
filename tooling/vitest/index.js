// Shared vitest preset. Tests resolve workspace packages through their `source`
// export condition, so a test run needs no prior build of its dependencies.
import { defineConfig } from 'vitest/config';

/**
 * Builds a package's vitest config from the shared defaults.
 * @param {import('vitest/config').UserConfig['test']} [test] overrides for the `test` block.
 */
export function packageConfig(test = {}) {
  return defineConfig({
    resolve: { conditions: ['source', 'import', 'module', 'default'] },
    ssr: { resolve: { conditions: ['source', 'import', 'module', 'default'] } },
    test: {
      include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
      environment: 'node',
      testTimeout: 60_000,
      hookTimeout: 60_000,
      pool: 'forks',
      // Two cores on the reference machine: one worker per core.
      maxWorkers: 2,
      ...test,
    },
  });
}
