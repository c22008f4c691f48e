// Keeps each package's `sideEffects` truthful: every source file that does something when it is
// imported — registers a layer class, kernel, gradient or backend at top level, or imports a module
// only for its side effects — is listed (as its src/*.ts and dist/*.js paths), so a bundler that
// tree-shakes never drops what `loadModel` or a backend needs. Entries a package lists by hand
// beyond these are kept. `--check` reports packages whose list is missing files (exit 1).
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../packages/', import.meta.url));
const check = process.argv.includes('--check');
const topLevelEffect = /^(?:(?:tf\.)?register[A-Z]\w*|defineBackend|quietCpuBackend)\(|^import '[^']+';/m;

function shipped(folder) {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return entry.name === '__fixtures__' ? [] : shipped(path);
    return /\.ts$/.test(entry.name) && !/\.(test|test-utils)\.ts$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

const stale = [];
for (const entry of readdirSync(root, { withFileTypes: true })) {
  const directory = join(root, entry.name);
  let files;
  try {
    files = shipped(join(directory, 'src'));
  } catch {
    continue;
  }
  const file = join(directory, 'package.json');
  const text = readFileSync(file, 'utf8');
  const manifest = JSON.parse(text);
  const needed = files
    .filter((path) => topLevelEffect.test(readFileSync(path, 'utf8')))
    .map((path) => relative(directory, path).replace(/\\/g, '/'))
    .flatMap((path) => [`./${path}`, `./${path.replace(/^src\//, 'dist/').replace(/\.ts$/, '.js')}`]);
  const listed = Array.isArray(manifest.sideEffects) ? manifest.sideEffects : [];
  const missing = needed.filter((path) => !listed.includes(path));
  if (missing.length === 0) continue;
  stale.push(`${manifest.name}: ${missing.filter((path) => path.startsWith('./src/')).join(', ')}`);
  if (!check) {
    manifest.sideEffects = [...new Set([...listed, ...needed])].sort();
    writeFileSync(file, `${JSON.stringify(manifest, null, 2)}\n`);
  }
}
if (check && stale.length > 0) {
  console.error(`sideEffects leave out files that act on import:\n${stale.join('\n')}\nRun node tooling/scripts/side-effects.mjs`);
  process.exit(1);
}
console.log(check ? 'sideEffects lists are complete' : `updated: ${stale.map((line) => line.split(':')[0]).join(', ') || 'nothing'}`);
