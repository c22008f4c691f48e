// Writes each public package's `publishConfig.exports` (and `publishConfig.imports`) as its
// `exports` (`imports`) without the development-only `source` condition, which points at
// TypeScript files the tarball does not ship. pnpm applies publishConfig when it packs and
// publishes. `--check` only reports packages whose publishConfig is out of date (exit 1).
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../packages/', import.meta.url));
const check = process.argv.includes('--check');

function withoutSource(value) {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => key !== 'source')
      .map(([key, item]) => [key, withoutSource(item)]),
  );
}

const stale = [];
for (const entry of readdirSync(root, { withFileTypes: true })) {
  if (!entry.isDirectory()) continue;
  const file = join(root, entry.name, 'package.json');
  const text = readFileSync(file, 'utf8');
  const manifest = JSON.parse(text);
  if (manifest.private === true) continue;
  const publishConfig = { ...(manifest.publishConfig ?? {}) };
  for (const field of ['exports', 'imports']) {
    if (manifest[field] === undefined) delete publishConfig[field];
    else publishConfig[field] = withoutSource(manifest[field]);
  }
  const updated = `${JSON.stringify({ ...manifest, publishConfig }, null, 2)}\n`;
  if (updated !== text) {
    stale.push(manifest.name);
    if (!check) writeFileSync(file, updated);
  }
}
if (check && stale.length > 0) {
  console.error(`publishConfig out of date in ${stale.join(', ')}: run node tooling/scripts/sync-publish-config.mjs`);
  process.exit(1);
}
console.log(check ? 'publishConfig up to date' : `updated: ${stale.join(', ') || 'nothing'}`);
