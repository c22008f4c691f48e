#!/usr/bin/env node
// `npx @keras-ts/core convert <input> <output>` (the package's `keras-ts-core` bin). Node only.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type ConvertOptions, convertModelFile } from './convert.js';

const USAGE = `usage: npx @keras-ts/core convert <input> <output> [--architecture <model>] [--no-optimizer]

Converts a model between
  .keras          Keras 3 model archive (read and write)
  .h5 / .hdf5     Keras's legacy full-model HDF5 file (read only)
  .weights.h5     Keras 3 weights; as input it needs --architecture (a .keras, .h5 or model.json)
  folder or model.json   the tfjs layout (model.json + weight shards)

Layers come from @keras-ts/layers, which must be installed in the current project.
Exit codes: 0 converted, 1 the conversion failed (the message says why), 2 bad usage.`;

class UsageError extends Error {}

function parseArguments(argv: readonly string[]): { input: string; output: string; options: ConvertOptions } {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h') throw new UsageError('');
  if (command !== 'convert') throw new UsageError(`unknown command '${command}'`);
  const positional: string[] = [];
  const options: ConvertOptions = {};
  for (let index = 0; index < rest.length; index++) {
    const argument = rest[index]!;
    if (argument === '--architecture') {
      const value = rest[++index];
      if (value === undefined) throw new UsageError('--architecture needs a file');
      options.architecture = value;
    } else if (argument === '--no-optimizer') options.includeOptimizer = false;
    else if (argument.startsWith('-')) throw new UsageError(`unknown option '${argument}'`);
    else positional.push(argument);
  }
  if (positional.length !== 2) throw new UsageError(`convert takes an input and an output, got ${positional.length} path(s)`);
  return { input: positional[0]!, output: positional[1]!, options };
}

/** The entry file of an ESM package installed in the project around `start` (or the package itself). */
function findPackageEntry(name: string, start: string): string | undefined {
  for (let directory = start; ; directory = dirname(directory)) {
    for (const root of [join(directory, 'node_modules', name), directory]) {
      const manifestPath = join(root, 'package.json');
      if (!existsSync(manifestPath)) continue;
      const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { name?: string; exports?: { '.'?: { import?: string } }; main?: string };
      if (manifest.name !== name) continue;
      const entry = manifest.exports?.['.']?.import ?? manifest.main;
      if (entry !== undefined) return join(root, entry);
    }
    if (dirname(directory) === directory) return undefined;
  }
}

/** Registers the layer classes: @keras-ts/layers from the current project (core cannot depend on it). */
async function registerLayers(): Promise<void> {
  const entry = findPackageEntry('@keras-ts/layers', process.cwd());
  if (entry === undefined) {
    throw new UsageError('@keras-ts/layers is not installed in this project (run: npm install @keras-ts/layers), and the converter needs its layer classes.');
  }
  await import(pathToFileURL(entry).href);
}

async function main(argv: readonly string[]): Promise<number> {
  let parsed: ReturnType<typeof parseArguments>;
  try {
    parsed = parseArguments(argv);
    await registerLayers();
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    if (error.message !== '') console.error(`keras-ts-core: ${error.message}\n`);
    console.error(USAGE);
    return error.message === '' && (argv[0] === '--help' || argv[0] === '-h') ? 0 : 2;
  }
  await import('@tensorflow/tfjs-backend-cpu');
  try {
    const { from, to } = await convertModelFile(parsed.input, parsed.output, parsed.options);
    console.log(`converted ${parsed.input} (${from}) → ${parsed.output} (${to})`);
    return 0;
  } catch (error) {
    console.error(`keras-ts-core: cannot convert ${parsed.input}: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
