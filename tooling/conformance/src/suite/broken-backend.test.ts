import * as tf from '@tensorflow/tfjs-core';
import { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-cpu';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { conformanceCases } from '../cases/all-cases.js';
import type { ConformanceCase } from '../cases/case.js';
import { checkCase } from '../check/check-case.js';
import { fitCases } from '../fit/fit-cases.js';
import { checkFitCase, runConformanceSuite } from './run-conformance-suite.js';

function caseNamed(name: string): ConformanceCase {
  const found = conformanceCases.find((conformanceCase) => conformanceCase.name === name);
  if (found === undefined) throw new Error(`no case ${name}`);
  return found;
}

/** A cpu clone whose `kernelName` kernel is replaced by the cpu kernel `replacement`. */
function registerBrokenClone(backendName: string, kernelName: string, replacement: string): void {
  tf.registerBackend(backendName, () => new MathBackendCPU());
  for (const config of tf.getKernelsForBackend('cpu')) {
    const source = config.kernelName === kernelName ? tf.getKernel(replacement, 'cpu')! : config;
    tf.registerKernel({ ...source, kernelName: config.kernelName, backendName });
  }
}

describe('the conformance suite can fail', () => {
  beforeAll(() => {
    // Relu computing |x|: the forward output is wrong.
    registerBrokenClone('conformancebadrelu', 'Relu', 'Abs');
    // Step computing |x|: relu's forward is right but its gradient (dy · step(x)) is wrong.
    registerBrokenClone('conformancebadstep', 'Step', 'Abs');
  });
  afterAll(async () => {
    await tf.setBackend('cpu');
  });

  it('fails the relu case on a backend with a wrong Relu kernel, naming the output', async () => {
    await expect(checkCase('conformancebadrelu', caseNamed('unary/relu'))).rejects.toThrow(/'unary\/relu' on 'conformancebadrelu', output 0: value \d+ is/);
  });

  it('passes the cases that do not touch the broken kernel', async () => {
    await expect(checkCase('conformancebadrelu', caseNamed('unary/sigmoid'))).resolves.toBeUndefined();
    await expect(checkCase('conformancebadrelu', caseNamed('matMul/2d/tA=true,tB=false'))).resolves.toBeUndefined();
  });

  it('fails a short fit run whose losses drift on a broken backend, and passes it on cpu', async () => {
    const dense = fitCases.find((fitCase) => fitCase.name === 'fit/dense')!;
    await expect(checkFitCase('cpu', dense)).resolves.toBeUndefined();
    await expect(checkFitCase('conformancebadstep', dense)).rejects.toThrow(/fit\/dense on 'conformancebadstep': epoch \d loss/);
  });

  it('fails on a wrong gradient when the forward pass is right', async () => {
    await expect(checkCase('conformancebadstep', caseNamed('unary/relu'))).rejects.toThrow(/gradient of input 0/);
  });

  it('rejects skip entries that name no case or give no reason', () => {
    expect(() => runConformanceSuite('cpu', { skip: { 'unary/rleu': 'typo' } })).toThrow(/'unary\/rleu', which is not a case/);
    expect(() => runConformanceSuite('cpu', { skip: { 'unary/relu': ' ' } })).toThrow(/needs a reason/);
  });

  it('gives every case a unique name', () => {
    const names = conformanceCases.map((conformanceCase) => conformanceCase.name);
    expect(new Set(names).size).toBe(names.length);
  });
});
