// Keeps each package's `sideEffects` truthful: every source file that does something when it is
// imported — registers a layer class, kernel, gradient or backend at top level, or imports a module
// only for its side effects — is listed (as its src/*.ts and dist/*.js paths), so a bundler that
// tree-shakes never drops what `loadModel` or a backend needs. Entries a package lists by hand
// beyond these are kept. A file that imports or re-exports a registering file is listed too (the package
// index included): bundlers skip a side-effect-free module with everything it imports, so a bare
// `import '@keras-ts/layers'` would otherwise register nothing. `--check` reports packages whose
// list is missing files (exit 1).
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../packages/', import.meta.url));
const check = process.argv.includes('--check');
const registers = /^(?:tf\.)?register[A-Z]\w*\(/m;
const topLevelEffect = /^(?:(?:tf\.)?register[A-Z]\w*|defineBackend|quietCpuBackend)\(|^import '[^']+';/m;

function shipped(folder) {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return entry.name === '__fixtures__' ? [] : shipped(path);
    return /\.ts$/.test(entry.name) && !/\.(test|test-utils)\.ts$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

/** `acting` plus every file of `files` that imports or re-exports one of them, transitively. */
function withImporters(files, acting) {
  const imports = new Map(
    files.map((path) => {
      const specifiers = [...readFileSync(path, 'utf8').matchAll(/(?:from|import) '(\.{1,2}\/[^']+)\.js'/g)].map((match) =>
        resolve(dirname(path), `${match[1]}.ts`),
      );
      return [path, specifiers];
    }),
  );
  const result = new Set(acting);
  let grew = true;
  while (grew) {
    grew = false;
    for (const [path, specifiers] of imports) {
      if (!result.has(path) && specifiers.some((specifier) => result.has(specifier))) {
        result.add(path);
        grew = true;
      }
    }
  }
  return result;
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
  const acting = files.filter((path) => topLevelEffect.test(readFileSync(path, 'utf8')));
  const registering = acting.filter((path) => registers.test(readFileSync(path, 'utf8')));
  const needed = [...new Set([...acting, ...withImporters(files, registering)])]
    .sort()
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
