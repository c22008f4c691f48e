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
      // Timeouts only catch hangs. CI may run on a slower, busier machine than the one a test was
      // written on (the MNIST end-to-end test took 35 s on one and over 60 s on another), so they
      // leave several times the slowest test's time; a test that is slow by design says its own.
      testTimeout: 180_000,
      hookTimeout: 180_000,
      pool: 'forks',
      // Two cores on the reference machine: one worker per core.
      maxWorkers: 2,
      ...test,
    },
  });
}
