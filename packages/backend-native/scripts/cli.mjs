#!/usr/bin/env node
// `npx @keras-ts/backend-native build`  compiles the addon inside the installed package, for hosts
//                                        no prebuilt package fits (needs a C++17 compiler, make,
//                                        python3 and libopenblas-dev; node-gyp is a dependency)
// `npx @keras-ts/backend-native status` prints which addon loads, or every place tried and why not
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildAddon, packageRoot } from './build.mjs';

const usage = 'usage: npx @keras-ts/backend-native <build|status>';

async function status() {
  const { nativeStatus } = await import(pathToFileURL(join(packageRoot, 'dist', 'addon', 'load.js')).href);
  if (nativeStatus.available) console.log(`native addon: ${nativeStatus.addonPath} (${nativeStatus.source})`);
  else console.log(`native addon unavailable: ${nativeStatus.reason}`);
  return nativeStatus.available ? 0 : 1;
}

async function main() {
  const command = process.argv[2];
  if (command === 'build') {
    console.log('[backend-native] compiling the addon with node-gyp (about a minute on two cores)…');
    const outcome = buildAddon({ allowHeaderDownload: true });
    if (!outcome.built) {
      console.error(`[backend-native] build failed: ${outcome.reason}`);
      return 1;
    }
    console.log(`[backend-native] built ${join(packageRoot, 'build', 'Release', 'keras_ts_native.node')} in ${outcome.seconds.toFixed(1)} s`);
    return status();
  }
  if (command === 'status') return status();
  console.error(usage);
  return 2;
}

process.exitCode = await main();
