import * as tf from '@tensorflow/tfjs-core';
import { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-cpu';
import { fusedDenseActivationGrad, fusedOps } from '@keras-ts/backend-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConformanceCase } from '../cases/case.js';
import { fusedCases } from '../cases/fused.js';
import { checkCase } from '../check/check-case.js';
import { fitCases } from '../fit/fit-cases.js';
import { checkFitCase, runConformanceSuite } from './run-conformance-suite.js';

// 'cpu' registers no fused kernel: there every fused case compares the reference with itself.
runConformanceSuite('cpu', { cases: fusedCases, fitCases: [] });

const calls = new Map<string, number>();

/**
 * A cpu clone that registers every declared fused op as a kernel computing its reference (so
 * `op.run` dispatches to a kernel and the declared gradients run), with `override` replacing some.
 */
function registerFusedClone(backendName: string, override: Record<string, tf.KernelFunc> = {}): void {
  tf.registerBackend(backendName, () => new MathBackendCPU());
  for (const config of tf.getKernelsForBackend('cpu')) tf.registerKernel({ ...config, backendName });
  for (const op of fusedOps) {
    const reference: tf.KernelFunc = ({ inputs, attrs }) =>
      // The engine hands a kernel the input tensors themselves, so tfjs-core ops can run on them.
      op.reference(inputs as never, attrs as never) as unknown as tf.TensorInfo | tf.TensorInfo[];
    const kernelFunc = override[op.kernelName] ?? reference;
    tf.registerKernel({
      kernelName: op.kernelName,
      backendName,
      kernelFunc: (args) => {
        calls.set(`${backendName}/${op.kernelName}`, (calls.get(`${backendName}/${op.kernelName}`) ?? 0) + 1);
        return kernelFunc(args);
      },
    });
  }
}

function caseNamed(name: string): ConformanceCase {
  const found = fusedCases.find((fusedCase) => fusedCase.name === name);
  if (found === undefined) throw new Error(`no case ${name}`);
  return found;
}

describe('fused-op cases', () => {
  beforeAll(() => {
    registerFusedClone('conformancefused');
    // An activation-gradient kernel with the wrong sign: Dense's forward is right, its gradient
    // wrong for every activation but linear (whose gradient needs no such kernel).
    registerFusedClone('conformancefusedbadgrad', {
      [fusedDenseActivationGrad.kernelName]: ({ inputs, attrs }) =>
        tf.tidy(() => fusedDenseActivationGrad.reference(inputs as never, attrs as never).map((t) => tf.neg(t))) as unknown as tf.TensorInfo[],
    });
  });
  afterAll(async () => {
    await tf.setBackend('cpu');
  });

  it('have unique names', () => {
    const names = fusedCases.map((fusedCase) => fusedCase.name);
    expect(new Set(names).size).toBe(names.length);
  });

  it('pass on a backend whose kernels are the references, through the declared gradients', async () => {
    for (const fusedCase of fusedCases) await checkCase('conformancefused', fusedCase);
    // Every op ran as a kernel: the gradient ops from the declared gradients, the rest from op.run.
    for (const op of fusedOps) expect(calls.get(`conformancefused/${op.kernelName}`) ?? 0, op.kernelName).toBeGreaterThan(0);
  });

  it('fail a fused Dense whose activation-gradient kernel is wrong, on the gradient only', async () => {
    await expect(checkCase('conformancefusedbadgrad', caseNamed('fused/dense/linear'))).resolves.toBeUndefined();
    await expect(checkCase('conformancefusedbadgrad', caseNamed('fused/dense/tanh'))).rejects.toThrow(
      /'fused\/dense\/tanh' on 'conformancefusedbadgrad', gradient of input 0/,
    );
    await expect(checkCase('conformancefusedbadgrad', caseNamed('fused/dense-activation-grad/sigmoid'))).rejects.toThrow(/output 0/);
  });

  it('track the reference in a short fit through the fused kernels, and catch the wrong gradient', async () => {
    const dense = fitCases.find((fitCase) => fitCase.name === 'fit/dense-activations')!;
    const before = calls.get('conformancefused/KerasRMSpropUpdate') ?? 0;
    const adamBefore = calls.get('conformancefused/KerasAdamUpdate') ?? 0;
    await expect(checkFitCase('conformancefused', dense)).resolves.toBeUndefined();
    expect(dense.optimizer).toBe('adam');
    expect(calls.get('conformancefused/KerasAdamUpdate')).toBeGreaterThan(adamBefore);
    const rmsprop = fitCases.find((fitCase) => fitCase.name === 'fit/dense')!;
    await expect(checkFitCase('conformancefused', rmsprop)).resolves.toBeUndefined();
    expect(calls.get('conformancefused/KerasRMSpropUpdate')).toBeGreaterThan(before);
    await expect(checkFitCase('conformancefusedbadgrad', dense)).rejects.toThrow(/epoch \d loss/);
  });
});
