// Test helpers for reading a saved folder without assuming the weights file's name (it is
// content-addressed: `weights-<hash>.bin`).
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ModelJson } from './model-files.js';

/** The path of the (single) weights file that `folder/<jsonName>` lists. */
export async function weightsFileOf(folder: string, jsonName = 'model.json'): Promise<string> {
  const json = JSON.parse(await readFile(join(folder, jsonName), 'utf8')) as ModelJson;
  return join(folder, json.weightsManifest[0]!.paths[0]!);
}

/**
 * The sorted names with content-addressed weight names reduced to `<stem>-<hash>.bin` and
 * temporary names to `<name>.tmp-<pid>-<random>`.
 */
export function withHashPlaceholder(names: string[]): string[] {
  return names.map((name) => name.replace(/\.tmp-\d+-[0-9a-f]{8}$/, '.tmp-<pid>-<random>').replace(/-[0-9a-f]{16}\.bin(?=$|\.tmp)/, '-<hash>.bin')).sort();
}
