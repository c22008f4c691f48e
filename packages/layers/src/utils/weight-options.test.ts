import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { MaxNorm, NonNeg } from '../constraints/constraints.js';
import type { DenseConfig } from '../core/dense.js';
import { Ones } from '../initializers/constant-initializers.js';
import { GlorotUniform, HeNormal, Orthogonal } from '../initializers/random-initializers.js';
import { L1L2, L2 } from '../regularizers/regularizers.js';
import { serializeWeightOptions, weightOptions } from './weight-options.js';

describe('weightOptions', () => {
  it("resolves a config's <prefix>Initializer, Regularizer and Constraint", () => {
    const config: DenseConfig = { units: 2, kernelInitializer: 'he_normal', kernelRegularizer: 'l2', kernelConstraint: 'nonNeg', biasInitializer: 'ones' };
    const options = weightOptions(config, 'kernel', 'zeros');
    expect(options.initializer).toBeInstanceOf(HeNormal);
    expect(options.regularizer).toBeInstanceOf(L2);
    expect(options.constraint).toBeInstanceOf(NonNeg);
    const bias = weightOptions(config, 'bias', 'zeros');
    expect(bias.initializer).toBeInstanceOf(Ones);
    expect(bias).not.toHaveProperty('regularizer');
    expect(bias).not.toHaveProperty('constraint');
  });

  it('uses the default initializer when the config names none (or null, as configs read from JSON do)', () => {
    expect(weightOptions({}, 'recurrent', 'orthogonal').initializer).toBeInstanceOf(Orthogonal);
    const fromJson = JSON.parse('{"kernelInitializer": null, "kernelRegularizer": null, "kernelConstraint": null}');
    const options = weightOptions(fromJson, 'kernel', 'glorotUniform');
    expect(options.initializer).toBeInstanceOf(GlorotUniform);
    expect(options).toEqual({ initializer: options.initializer });
  });

  it('keeps objects as given and throws on unknown names, listing the valid ones', () => {
    const constraint = new MaxNorm({ maxValue: 3 });
    expect(weightOptions({ alphaConstraint: constraint }, 'alpha', 'zeros').constraint).toBe(constraint);
    expect(() => weightOptions({ gammaRegularizer: 'l3' }, 'gamma', 'ones')).toThrow(/l1_l2/);
    expect(() => weightOptions({ betaInitializer: 'glorot' }, 'beta', 'zeros')).toThrow(/glorot_uniform/);
  });

  it('serializes to config entries that resolve to equal options', () => {
    const options = weightOptions({ depthwiseRegularizer: new L1L2({ l1: 0.5, l2: 0.25 }), depthwiseConstraint: 'maxNorm' }, 'depthwise', 'glorotUniform');
    const config = serializeWeightOptions('depthwise', options);
    expect(Object.keys(config)).toEqual(['depthwiseInitializer', 'depthwiseRegularizer', 'depthwiseConstraint']);
    expect(config.depthwiseRegularizer).toEqual({ className: 'L1L2', config: { l1: 0.5, l2: 0.25 } });
    // Saved configs come back through JSON.
    const revived = weightOptions(JSON.parse(JSON.stringify(config)), 'depthwise', 'zeros');
    expect(serializeWeightOptions('depthwise', revived)).toEqual(config);
    const weight = tf.tensor([1, -2]);
    // 0.5 · (1 + 2) + 0.25 · (1 + 4), computed by the revived regularizer.
    expect(revived.regularizer!.apply(weight).dataSync()[0]).toBeCloseTo(2.75, 6);
    expect(serializeWeightOptions('kernel', weightOptions({}, 'kernel', 'zeros'))).toEqual({
      kernelInitializer: { className: 'Zeros', config: {} },
      kernelRegularizer: null,
      kernelConstraint: null,
    });
    weight.dispose();
  });
});
