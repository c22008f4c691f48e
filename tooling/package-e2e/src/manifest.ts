import { posix } from 'node:path';

/** A problem with a packed package.json. */
export interface ManifestProblem {
  field: string;
  problem: string;
}

type Exports = string | null | { [condition: string]: Exports } | Exports[];

function targets(value: Exports | undefined, path: string, out: { path: string; condition: string | undefined; target: string }[], condition?: string): void {
  if (value === undefined || value === null) return;
  if (typeof value === 'string') out.push({ path, condition, target: value });
  else if (Array.isArray(value)) value.forEach((item, index) => targets(item, `${path}[${index}]`, out, condition));
  else {
    for (const [key, item] of Object.entries(value)) {
      const subpath = key.startsWith('.') || key.startsWith('#');
      targets(item, `${path}[${JSON.stringify(key)}]`, out, subpath ? condition : key);
    }
  }
}

/**
 * Checks what a published package.json promises against the files its tarball holds: no
 * development-only `source` condition, no unresolved `workspace:`/`catalog:` versions, and every
 * file that `main`, `types`, `bin`, `exports` and `imports` name is in the tarball.
 */
export function checkManifest(manifest: Record<string, unknown>, files: string[]): ManifestProblem[] {
  const problems: ManifestProblem[] = [];
  const present = new Set(files.map((file) => posix.normalize(file)));
  const has = (target: string) => {
    const normalized = posix.normalize(target);
    if (!normalized.includes('*')) return present.has(normalized);
    const pattern = new RegExp(
      `^${normalized
        .split('*')
        .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
        .join('.*')}$`,
    );
    return [...present].some((file) => pattern.test(file));
  };
  const found: { path: string; condition: string | undefined; target: string }[] = [];
  targets(manifest.exports as Exports, 'exports', found);
  targets(manifest.imports as Exports, 'imports', found);
  for (const field of ['main', 'types', 'module'] as const) {
    if (typeof manifest[field] === 'string') found.push({ path: field, condition: undefined, target: manifest[field] as string });
  }
  const bin = manifest.bin;
  if (typeof bin === 'string') found.push({ path: 'bin', condition: undefined, target: bin });
  else if (bin !== null && typeof bin === 'object')
    for (const [name, target] of Object.entries(bin)) found.push({ path: `bin.${name}`, condition: undefined, target: String(target) });
  for (const { path, condition, target } of found) {
    if (condition === 'source') problems.push({ field: path, problem: `development-only 'source' condition reaches the published manifest (${target})` });
    // exports/imports targets outside the package are bare package names; main/types/bin are paths.
    else if ((target.startsWith('./') || !/^(exports|imports)\./.test(path)) && !has(target.replace(/^\.\//, ''))) {
      problems.push({ field: path, problem: `names ${target}, which the tarball does not contain` });
    }
  }
  for (const field of ['dependencies', 'optionalDependencies', 'peerDependencies'] as const) {
    const dependencies = (manifest[field] ?? {}) as Record<string, string>;
    for (const [name, version] of Object.entries(dependencies)) {
      if (/^(workspace|catalog):/.test(version)) problems.push({ field: `${field}.${name}`, problem: `unresolved version ${version}` });
    }
  }
  return problems;
}
