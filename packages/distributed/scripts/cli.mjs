#!/usr/bin/env node
// `npx @keras-ts/distributed build`   compiles the collectives addon inside the installed package
//                                      (needs a C++17 compiler, make and python3; not MPI or NCCL)
// `npx @keras-ts/distributed status`  prints whether the addon and libmpi load, or why not
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildAddon, packageRoot } from './build.mjs';

const usage = 'usage: npx @keras-ts/distributed <build|status>';

async function status() {
  const { collectivesStatus } = await import(pathToFileURL(join(packageRoot, 'dist', 'index.js')).href);
  const found = collectivesStatus();
  console.log(found.available ? `collectives addon: ${found.addonPath}; MPI library: ${found.mpiLibrary}` : `unavailable: ${found.reason}`);
  return found.available ? 0 : 1;
}

async function main() {
  const command = process.argv[2];
  if (command === 'build') {
    const outcome = buildAddon({ allowHeaderDownload: true });
    if (!outcome.built) {
      console.error(`[distributed] build failed: ${outcome.reason}`);
      return 1;
    }
    console.log(`[distributed] built in ${outcome.seconds.toFixed(1)} s`);
    return status();
  }
  if (command === 'status') return status();
  console.error(usage);
  return 2;
}

process.exitCode = await main();
