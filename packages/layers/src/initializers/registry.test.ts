import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { Constant, Identity, Ones, Zeros } from './constant-initializers.js';
import {
  GlorotNormal,
  GlorotUniform,
  HeNormal,
  HeUniform,
  LecunNormal,
  LecunUniform,
  Orthogonal,
  RandomNormal,
  RandomUniform,
  TruncatedNormal,
  VarianceScaling,
} from './random-initializers.js';
import { getInitializer, serializeInitializer } from './registry.js';

/** [camelCase, Keras snake_case, class]. */
const NAMES: [string, string, abstract new (...args: never[]) => unknown][] = [
  ['zeros', 'zeros', Zeros],
  ['ones', 'ones', Ones],
  ['constant', 'constant', Constant],
  ['identity', 'identity', Identity],
  ['randomNormal', 'random_normal', RandomNormal],
  ['randomUniform', 'random_uniform', RandomUniform],
  ['truncatedNormal', 'truncated_normal', TruncatedNormal],
  ['varianceScaling', 'variance_scaling', VarianceScaling],
  ['glorotUniform', 'glorot_uniform', GlorotUniform],
  ['glorotNormal', 'glorot_normal', GlorotNormal],
  ['heNormal', 'he_normal', HeNormal],
  ['heUniform', 'he_uniform', HeUniform],
  ['lecunNormal', 'lecun_normal', LecunNormal],
  ['lecunUniform', 'lecun_uniform', LecunUniform],
  ['orthogonal', 'orthogonal', Orthogonal],
];

describe('getInitializer', () => {
  it.each(NAMES)('resolves %s, %s and the class name', (camel, snake, cls) => {
    expect(getInitializer(camel)).toBeInstanceOf(cls);
    expect(getInitializer(snake)).toBeInstanceOf(cls);
    const className = (cls as unknown as { className: string }).className;
    expect(getInitializer(className)).toBeInstanceOf(cls);
    expect(getInitializer({ className })).toBeInstanceOf(cls);
  });

  it('builds from { className, config } and passes instances through', () => {
    const constant = getInitializer({ className: 'Constant', config: { value: 7 } });
    expect(constant).toBeInstanceOf(Constant);
    expect((constant as Constant).value).toBe(7);
    const scaling = getInitializer({ className: 'VarianceScaling', config: { scale: 2, mode: 'fan_out', distribution: 'uniform' } }) as VarianceScaling;
    expect([scaling.scale, scaling.mode, scaling.distribution]).toEqual([2, 'fan_out', 'uniform']);
    const instance = new Ones();
    expect(getInitializer(instance)).toBe(instance);
  });

  it('rejects unknown names, listing the valid ones', () => {
    expect(() => getInitializer('xavier')).toThrow(/Unknown initializer 'xavier'. Valid initializers: zeros, ones, .*glorot_uniform.*orthogonal/);
    expect(() => getInitializer({ className: 'Xavier' })).toThrow(/Unknown initializer 'Xavier'/);
  });

  it('rejects values that are not identifiers with a ValueError saying what is accepted', () => {
    for (const bad of [42, null, { config: {} }]) {
      expect(() => getInitializer(bad as never)).toThrow(/Cannot interpret initializer .*: expected a name such as 'glorotUniform'/);
    }
  });
});

describe('serializeInitializer', () => {
  it('round-trips every built-in through getInitializer with equal config and values', () => {
    const initializers = [
      new Zeros(),
      new Ones(),
      new Constant({ value: 1.5 }),
      new Identity({ gain: 2 }),
      new RandomNormal({ mean: 1, stddev: 2, seed: 1 }),
      new RandomUniform({ minval: 0, maxval: 1, seed: 2 }),
      new TruncatedNormal({ stddev: 3, seed: 3 }),
      new VarianceScaling({ scale: 0.5, mode: 'fanAvg', distribution: 'untruncatedNormal', seed: 4 }),
      new GlorotUniform({ seed: 5 }),
      new GlorotNormal({ seed: 6 }),
      new HeNormal({ seed: 7 }),
      new HeUniform({ seed: 8 }),
      new LecunNormal({ seed: 9 }),
      new LecunUniform({ seed: 10 }),
      new Orthogonal({ gain: 0.5, seed: 11 }),
    ];
    for (const initializer of initializers) {
      const serialized = serializeInitializer(initializer);
      expect(serialized.className).toBe(initializer.className);
      const restored = getInitializer(JSON.parse(JSON.stringify(serialized)));
      expect(restored.constructor).toBe(initializer.constructor);
      expect(serializeInitializer(restored)).toEqual(serialized);
      const [a, b] = [initializer.apply([3, 3]), restored.apply([3, 3])];
      expect(Array.from(b.dataSync()), initializer.className).toEqual(Array.from(a.dataSync()));
      tf.dispose([a, b]);
    }
  });

  it('writes Keras class names and Keras strings for VarianceScaling', () => {
    expect(serializeInitializer(new GlorotUniform())).toEqual({ className: 'GlorotUniform', config: {} });
    expect(serializeInitializer(new VarianceScaling({ mode: 'fanAvg', distribution: 'uniform' }))).toEqual({
      className: 'VarianceScaling',
      config: { scale: 1, mode: 'fan_avg', distribution: 'uniform' },
    });
  });
});
