// `npx @keras-ts/core convert`: spawns the built bin (core's dist/cli/main.js, built before this
// package's tests) on Keras-made fixtures (core's src/saving/keras3/__fixtures__, made by
// make-keras-fixtures.py and make-legacy-h5-fixtures.py) and checks what it wrote predicts what
// Keras predicted, and that bad calls exit 1 or 2 with a message.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Model, loadModel } from './index.js';

const PACKAGE = fileURLToPath(new URL('../', import.meta.url));
const CLI = fileURLToPath(new URL('../../core/dist/cli/main.js', import.meta.url));
const FIXTURES = fileURLToPath(new URL('../../core/src/saving/keras3/__fixtures__/', import.meta.url));
const noCli = existsSync(CLI) ? undefined : 'core is not built (npx -y pnpm@10.34.8 --filter @keras-ts/core build)';

function convert(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd: PACKAGE, encoding: 'utf8', timeout: 120_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

interface Fixture {
  inputs: { shape: number[]; dtype: 'float32' | 'int32'; values: number[] }[];
  prediction: { shape: number[]; values: number[] };
}

async function expectKerasPrediction(path: string, fixturePath: string): Promise<void> {
  const fixture = JSON.parse(readFileSync(fixturePath, 'utf8')) as Fixture;
  const model: Model = await loadModel(path);
  const xs = fixture.inputs.map((input) => tf.tensor(input.values, input.shape, input.dtype));
  const y = model.predict(xs.length === 1 ? xs[0]! : xs) as tf.Tensor;
  const values = y.dataSync();
  fixture.prediction.values.forEach((value, index) => expect(Math.abs(values[index]! - value)).toBeLessThanOrEqual(1e-5));
  tf.dispose([...xs, y]);
  model.dispose();
}

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'keras-ts-convert-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe.skipIf(noCli !== undefined)(`keras-ts-core convert${noCli === undefined ? '' : ` (skipped: ${noCli})`}`, () => {
  it(".keras → tfjs folder → .keras keeps Keras's predictions", async () => {
    const first = convert('convert', `${FIXTURES}two_inputs.keras`, join(dir, 'tfjs'));
    expect(first.status, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/\(keras\) → .*tfjs \(tfjs\)/);
    expect(existsSync(join(dir, 'tfjs', 'model.json'))).toBe(true);
    const second = convert('convert', join(dir, 'tfjs', 'model.json'), join(dir, 'back.keras'));
    expect(second.status, second.stderr).toBe(0);
    await expectKerasPrediction(join(dir, 'back.keras'), `${FIXTURES}two_inputs.json`);
  }, 120_000);

  it('legacy .h5 → .keras, and .keras → .weights.h5 → .keras with --architecture', async () => {
    expect(convert('convert', `${FIXTURES}legacy/text.keras2.h5`, join(dir, 'text.keras')).status).toBe(0);
    await expectKerasPrediction(join(dir, 'text.keras'), `${FIXTURES}legacy/text.json`);
    expect(convert('convert', `${FIXTURES}conv2d.keras`, join(dir, 'conv2d.weights.h5')).status).toBe(0);
    const result = convert('convert', join(dir, 'conv2d.weights.h5'), join(dir, 'conv2d.keras'), '--architecture', `${FIXTURES}conv2d.keras`);
    expect(result.status, result.stderr).toBe(0);
    await expectKerasPrediction(join(dir, 'conv2d.keras'), `${FIXTURES}conv2d.json`);
  }, 120_000);

  it('bad usage exits 2 with the usage; a failed conversion exits 1 saying why', async () => {
    const usage = convert('convert', 'only-one.keras');
    expect(usage.status).toBe(2);
    expect(usage.stderr).toMatch(/convert takes an input and an output, got 1 path\(s\)[\s\S]*usage: npx @keras-ts\/core convert/);
    expect(convert('rename', 'a', 'b').status).toBe(2);
    expect(convert('convert', 'a.keras', 'b.keras', '--fast').stderr).toMatch(/unknown option '--fast'/);
    expect(convert('--help').status).toBe(0);
    const weightsOnly = convert('convert', join(dir, 'conv2d.weights.h5'), join(dir, 'x.keras'));
    expect(weightsOnly.status).toBe(1);
    expect(weightsOnly.stderr).toMatch(/holds weights only. Name the model they belong to: --architecture/);
    const h5Out = convert('convert', `${FIXTURES}mlp.keras`, join(dir, 'x.h5'));
    expect(h5Out.status).toBe(1);
    expect(h5Out.stderr).toMatch(/does not write them/);
    await writeFile(join(dir, 'junk.keras'), new Uint8Array(64));
    const junk = convert('convert', join(dir, 'junk.keras'), join(dir, 'y.keras'));
    expect(junk.status).toBe(1);
    expect(junk.stderr).toMatch(/junk.keras.*corrupt, truncated or not a Keras file/);
    expect(convert('convert', join(dir, 'missing.keras'), join(dir, 'z.keras')).status).toBe(1);
  }, 120_000);
});
