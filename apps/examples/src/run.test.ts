import { describe, expect, it, vi } from 'vitest';
import { parseFlags, UsageError } from './run.js';

describe('parseFlags', () => {
  it('reads every flag and applies the defaults', () => {
    expect(parseFlags('demo', ['--backend', 'cpu', '--epochs', '3', '--seed', '0', '--out', 'o', '--data', 'd'])).toEqual({
      backend: 'cpu',
      epochs: 3,
      seed: 0,
      outDir: 'o',
      dataDir: 'd',
    });
    expect(parseFlags('demo', [])).toEqual({ backend: undefined, epochs: undefined, seed: 123, outDir: 'out/demo', dataDir: undefined });
  });

  it('prints the usage for --help and -h and returns nothing', () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    expect(parseFlags('demo', ['--help'])).toBeUndefined();
    expect(parseFlags('demo', ['-h'])).toBeUndefined();
    expect(log.mock.calls[0]?.[0]).toMatch(/^Usage: pnpm example demo /);
    log.mockRestore();
  });

  it('names an unknown flag in one line with the valid ones', () => {
    expect(() => parseFlags('demo', ['--epoch', '3'])).toThrow(UsageError);
    expect(() => parseFlags('demo', ['--epoch', '3'])).toThrow(
      /^Unknown option '--epoch'\. Valid flags: --backend, --epochs, --seed, --out, --data, --help\.$/,
    );
  });

  it('refuses bad numbers and unknown backends before anything loads', () => {
    expect(() => parseFlags('demo', ['--epochs', '0'])).toThrow("--epochs must be a positive integer, got '0'.");
    expect(() => parseFlags('demo', ['--epochs', '2.5'])).toThrow(UsageError);
    expect(() => parseFlags('demo', ['--seed=-1'])).toThrow("--seed must be a non-negative integer, got '-1'.");
    expect(() => parseFlags('demo', ['--backend', 'tpu'])).toThrow("Unknown backend 'tpu'. Valid backends: cpu, wasm, native, cuda.");
  });
});
