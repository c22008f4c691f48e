import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';

const packageRoot = fileURLToPath(new URL('..', import.meta.url));
const folder = mkdtempSync(join(tmpdir(), 'tfjs-gradients-browser-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe('@keras-ts/tfjs-gradients in a bundler', () => {
  it("resolves the 'browser' condition to tfjs-core's own gradient module, not the pre-bundled Node copy", async () => {
    const entry = join(folder, 'entry.mjs');
    writeFileSync(
      entry,
      [
        "import * as tf from '@tensorflow/tfjs-core';",
        "import '@tensorflow/tfjs-backend-cpu';",
        "import { gradientFor } from '@keras-ts/tfjs-gradients';",
        'const dx = tf.grad((x) => tf.mul(x, tf.add(x, x)))(tf.scalar(3));',
        "console.log(JSON.stringify({ dx: dx.dataSync()[0], matMul: gradientFor('BatchMatMul') !== undefined }));",
      ].join('\n'),
    );
    const outfile = join(folder, 'bundle.cjs');
    // The browser condition and module fields as a browser bundler picks them, but Node's built-ins
    // (CommonJS, so `require('util')` works): the bundle runs here, where tfjs-core picks its Node platform.
    const result = await build({
      entryPoints: [entry],
      bundle: true,
      format: 'cjs',
      platform: 'node',
      conditions: ['browser'],
      mainFields: ['module', 'main'],
      nodePaths: [join(packageRoot, 'node_modules')],
      alias: { '@keras-ts/tfjs-gradients': join(packageRoot, 'dist', 'browser.js') },
      outfile,
      metafile: true,
      logLevel: 'silent',
    });
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.some((path) => path.endsWith('tfjs-core/dist/register_all_gradients.js'))).toBe(true);
    expect(inputs.some((path) => path.includes('generated/register.js'))).toBe(false);
    expect(readFileSync(outfile, 'utf8')).not.toContain('tf-core.node');
    const run = spawnSync(process.execPath, [outfile], { encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ dx: 12, matMul: true });
  });
});
