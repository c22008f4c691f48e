import '@tensorflow/tfjs-backend-cpu';
import { describe, expect, it } from 'vitest';
import { KerasError, ValueError } from '@keras-ts/common';
import { CosineDecay } from '../schedules/cosine-decay.js';
import { Adadelta } from './adadelta.js';
import { Adagrad } from './adagrad.js';
import { Adam } from './adam.js';
import { Adamax } from './adamax.js';
import { AdamW } from './adamw.js';
import { Ftrl } from './ftrl.js';
import { getOptimizer, optimizerNames } from './get-optimizer.js';
import { Lion } from './lion.js';
import { Nadam } from './nadam.js';
import { RMSprop } from './rmsprop.js';
import { SGD } from './sgd.js';

describe('getOptimizer', () => {
  it('maps Keras identifiers, case-insensitively, to new instances with Keras defaults', () => {
    const expected: Record<string, [(new () => object) & { className: string }, number]> = {
      sgd: [SGD, 0.01],
      rmsprop: [RMSprop, 0.001],
      adam: [Adam, 0.001],
      adagrad: [Adagrad, 0.001],
      adamw: [AdamW, 0.001],
      adadelta: [Adadelta, 0.001],
      adamax: [Adamax, 0.001],
      nadam: [Nadam, 0.001],
      lion: [Lion, 0.001],
      ftrl: [Ftrl, 0.001],
    };
    for (const [identifier, [optimizerClass, learningRate]] of Object.entries(expected)) {
      for (const spelling of [identifier, identifier.toUpperCase(), optimizerClass.className]) {
        const optimizer = getOptimizer(spelling);
        expect(optimizer).toBeInstanceOf(optimizerClass);
        expect(optimizer.learningRate).toBeCloseTo(learningRate, 12);
      }
    }
    expect(getOptimizer('adam')).not.toBe(getOptimizer('adam'));
  });

  it('returns an optimizer instance unchanged', () => {
    const optimizer = new Adam();
    expect(getOptimizer(optimizer)).toBe(optimizer);
  });

  it('throws on an unknown identifier, listing the valid ones', () => {
    expect(() => getOptimizer('adamm')).toThrow(
      "Unknown optimizer 'adamm'. Valid optimizers: SGD, RMSprop, Adam, AdamW, Adagrad, Adadelta, Adamax, Nadam, Lion, Ftrl",
    );
    expect(optimizerNames).toHaveLength(10);
    expect(() => getOptimizer({ config: {} } as never)).toThrow(/expected an Optimizer, a name such as 'adam'/);
  });

  it('throws ValueError (a KerasError) for user mistakes: unknown names, bad options', () => {
    expect(() => getOptimizer('adamm')).toThrow(ValueError);
    expect(() => getOptimizer('adamm')).toThrow(/Names are case-insensitive, e.g. 'adam', 'rmsprop', 'sgd'\./);
    expect(() => getOptimizer({ className: 'Adam', config: { beta_1: 2 } })).toThrow(ValueError);
    expect(() => new Adam({ beta1: 2 })).toThrow('Adam: `beta1` must be in [0, 1], got 2.');
    expect(() => new SGD({ learningRate: 0.1, lr: 0.1 } as never)).toThrow(KerasError);
    expect(getOptimizer('RMS_prop')).toBeInstanceOf(RMSprop);
  });

  it('round-trips every optimizer through getConfig and { className, config }', () => {
    const optimizers = [
      new SGD({ learningRate: 0.3, momentum: 0.8, nesterov: true, clipnorm: 2, decay: 1e-4, name: 'custom' }),
      new RMSprop({ rho: 0.8, momentum: 0.1, epsilon: 1e-3, centered: true, clipvalue: 1 }),
      new Adam({ beta1: 0.8, beta2: 0.9, epsilon: 1e-4, amsgrad: true, globalClipnorm: 3, weightDecay: 0.1 }),
      new AdamW({ weightDecay: 0.02, learningRate: new CosineDecay({ initialLearningRate: 0.1, decaySteps: 10 }) }),
      new Adagrad({ initialAccumulatorValue: 0.2, epsilon: 1e-3 }),
      new Adadelta({ rho: 0.9, epsilon: 1e-5 }),
      new Adamax({ beta1: 0.7, beta2: 0.8, epsilon: 1e-4 }),
      new Nadam({ beta1: 0.7, beta2: 0.8, epsilon: 1e-4 }),
      new Lion({ beta1: 0.8, beta2: 0.9 }),
      new Ftrl({ learningRatePower: -0.3, l1RegularizationStrength: 0.1, beta: 0.2 }),
    ];
    for (const optimizer of optimizers) {
      const config = optimizer.getConfig();
      const copy = getOptimizer({ className: optimizer.getClassName(), config: JSON.parse(JSON.stringify(config)) });
      expect(copy.constructor).toBe(optimizer.constructor);
      expect(copy.getConfig()).toEqual(config);
    }
  });

  it('reads a Keras 3 config with snake_case keys and a serialized schedule', () => {
    const optimizer = getOptimizer({
      class_name: 'Adam',
      config: {
        name: 'adam',
        learning_rate: {
          module: 'keras.optimizers.schedules',
          class_name: 'ExponentialDecay',
          config: { initial_learning_rate: 0.1, decay_steps: 10, decay_rate: 0.5, staircase: true, name: 'ExponentialDecay' },
          registered_name: null,
        },
        weight_decay: null,
        clipnorm: null,
        global_clipnorm: null,
        clipvalue: null,
        use_ema: false,
        ema_momentum: 0.99,
        ema_overwrite_frequency: null,
        loss_scale_factor: null,
        gradient_accumulation_steps: null,
        beta_1: 0.8,
        beta_2: 0.99,
        epsilon: 1e-7,
        amsgrad: false,
      },
    }) as Adam;
    expect(optimizer.beta1).toBe(0.8);
    expect(optimizer.beta2).toBe(0.99);
    optimizer.iterations = 25;
    expect(optimizer.learningRate).toBeCloseTo(0.1 * 0.5 ** 2, 12);
  });

  it('rejects unknown and unsupported options', () => {
    expect(() => getOptimizer({ className: 'Adam', config: { beta_3: 1 } })).toThrow(
      /Adam: unknown option\(s\) 'beta3'\. Accepted options: .*beta1, beta2, epsilon, amsgrad/,
    );
    expect(() => getOptimizer({ className: 'Adam', config: { use_ema: true } })).toThrow(/`useEma` is not supported/);
  });
});
