import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// A lint rule, run as a test so it needs no plugin: shipped sources construct only typed errors
// (KerasError subclasses from @keras-ts/common), never a bare `Error`, so users can catch
// ValueError, ShapeError, BackendError, … and tell their mistakes from keras-ts bugs.
const packagesRoot = fileURLToPath(new URL('../../', import.meta.url));

/** What tsconfig.build.json leaves out of `dist`: tests, their helpers and fixtures. */
function isShipped(path: string): boolean {
  return path.endsWith('.ts') && !path.endsWith('.d.ts') && !/\.test(-utils)?\.ts$/.test(path) && !path.split(/[\\/]/).includes('__fixtures__');
}

function sourceFiles(folder: string): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules') files.push(...sourceFiles(path));
    } else if (isShipped(path)) {
      files.push(path);
    }
  }
  return files;
}

/** `path:line: text` for every construction of a bare `Error` (or built-in `TypeError`/`RangeError`) in `source`. */
function bareErrors(path: string, source: string): string[] {
  const offenders: string[] = [];
  const pattern = /\bnew\s+(?:Error|TypeError|RangeError)\s*\(/g;
  for (const match of source.matchAll(pattern)) {
    const line = source.slice(0, match.index).split('\n').length;
    const text = source.split('\n')[line - 1]?.trim() ?? '';
    if (text.startsWith('//') || text.startsWith('*')) continue;
    offenders.push(`${relative(packagesRoot, path)}:${line}: ${text}`);
  }
  return offenders;
}

describe('shipped sources', () => {
  it('throw typed errors, never a bare Error', () => {
    const packages = readdirSync(packagesRoot, { withFileTypes: true }).filter((entry) => entry.isDirectory());
    const files = packages.flatMap((entry) => {
      const source = join(packagesRoot, entry.name, 'src');
      try {
        return sourceFiles(source);
      } catch {
        return [];
      }
    });
    expect(files.length).toBeGreaterThan(100);
    const offenders = files.flatMap((path) => bareErrors(path, readFileSync(path, 'utf8')));
    expect(offenders, 'Throw a subclass of KerasError from @keras-ts/common (ValueError, ShapeError, BackendError, InternalError, …) instead:').toEqual([]);
  });

  it('detects the patterns it is meant to catch', () => {
    expect(bareErrors('x.ts', "if (a) throw new Error('bad');\nreturn new Error(\n  'also bad');")).toHaveLength(2);
    expect(bareErrors('x.ts', "throw new ValueError('fine');\n// new Error('in a comment')\nclass MyError extends Error {}")).toEqual([]);
  });
});
