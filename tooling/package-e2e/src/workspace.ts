import { execFileSync, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const repositoryRoot = fileURLToPath(new URL('../../../', import.meta.url));

/** A package of the workspace that is published to npm. */
export interface PublicPackage {
  name: string;
  version: string;
  directory: string;
}

/** Every non-private package under `packages/`. */
export function publicPackages(): PublicPackage[] {
  const root = join(repositoryRoot, 'packages');
  return readdirSync(root, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => join(root, entry.name))
    .map((directory) => ({ directory, manifest: JSON.parse(readFileSync(join(directory, 'package.json'), 'utf8')) }))
    .filter(({ manifest }) => manifest.private !== true)
    .map(({ directory, manifest }) => ({ name: manifest.name, version: manifest.version, directory }));
}

/** The pnpm the workspace pins (root devDependency), run with this Node. */
function pnpm(args: string[], cwd: string): string {
  // pnpm's exports map names only its package.json; its CLI sits beside it.
  const manifest = createRequire(join(repositoryRoot, 'package.json')).resolve('pnpm');
  const script = join(dirname(manifest), 'bin', 'pnpm.cjs');
  const result = spawnSync(process.execPath, [script, ...args], { cwd, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`pnpm ${args.join(' ')} failed in ${cwd}:\n${result.stdout}${result.stderr}`);
  return result.stdout;
}

/**
 * Packs every public package as `pnpm publish` would (workspace and catalog versions resolved,
 * publishConfig applied) into `destination`; returns the tarball path by package name.
 */
export function packAll(destination: string): Map<string, string> {
  const tarballs = new Map<string, string>();
  for (const pkg of publicPackages()) {
    const output = pnpm(['pack', '--pack-destination', destination], pkg.directory);
    const file = output
      .trim()
      .split('\n')
      .filter((line) => line.endsWith('.tgz'))
      .pop();
    if (file === undefined) throw new Error(`pnpm pack printed no tarball for ${pkg.name}:\n${output}`);
    tarballs.set(pkg.name, file.startsWith('/') ? file : join(destination, file));
  }
  return tarballs;
}

/** The files in a tarball (paths without the leading `package/`). */
export function tarballFiles(tarball: string): string[] {
  return execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' })
    .split('\n')
    .filter((line) => line.length > 0)
    .map((line) => line.replace(/^package\//, ''));
}

/** One file of a tarball, as text. */
export function tarballText(tarball: string, file: string): string {
  return execFileSync('tar', ['-xzOf', tarball, `package/${file}`], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
}
