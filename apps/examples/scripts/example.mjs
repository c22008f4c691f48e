// `pnpm example <name> [flags]`: runs src/<name>.ts with tsx, reading workspace packages from source.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const sources = join(here, '..', 'src');
const names = readdirSync(sources)
  .filter((f) => f.endsWith('.ts') && f !== 'run.ts' && f !== 'index.ts' && !f.includes('.test.'))
  .map((f) => f.slice(0, -3));
const [name, ...flags] = process.argv.slice(2);
const usage = `Usage: pnpm example <name> [--backend cpu|wasm|native|cuda] [--epochs N] [--seed N] [--out DIR] [--data DIR]\nExamples: ${names.join(', ')}`;
if (name === undefined || name === '--help' || name === '-h') {
  console.log(usage);
  process.exit(0);
}
if (!names.includes(name)) {
  console.error(`Unknown example '${name}'. Valid examples: ${names.join(', ')}.`);
  process.exit(1);
}
const tsx = createRequire(import.meta.url).resolve('tsx/esm');
const script = join(sources, `${name}.ts`);
if (!existsSync(script)) throw new Error(`missing ${script}`);
const result = spawnSync(process.execPath, ['--conditions=source', '--import', pathToFileURL(tsx).href, script, ...flags], { stdio: 'inherit' });
process.exit(result.status ?? 1);
