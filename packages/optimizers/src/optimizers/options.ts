import { rejectUnknownKeys, requireNonNegative, requirePositive, ValueError } from '@keras-ts/common';
import { type LearningRate, LearningRateSchedule, type SerializedSchedule } from '../schedules/base.js';
import { getSchedule } from '../schedules/get-schedule.js';

/**
 * Options every optimizer takes. Defaults follow Keras 3; `lr` and `decay` are
 * the Keras 2 spellings kept so older tutorials run unchanged.
 */
export interface OptimizerConfig {
  /** A constant rate or a schedule (an instance or its `{ className, config }`). Default: per optimizer. */
  learningRate?: LearningRate | SerializedSchedule;
  /** Clip each gradient so its L2 norm is at most this value. */
  clipnorm?: number | null;
  /** Clip each gradient element to `[-clipvalue, clipvalue]`. */
  clipvalue?: number | null;
  /** Clip all gradients together so their global L2 norm is at most this value. */
  globalClipnorm?: number | null;
  /** Decoupled weight decay: `variable -= variable * weightDecay * learningRate` before each update. */
  weightDecay?: number | null;
  /** Name, used to name slot variables. Default: per optimizer (Keras's default). */
  name?: string;
  /** Deprecated Keras 2 alias of `learningRate`; warns once. */
  lr?: number;
  /** Keras 2 inverse-time decay: the rate used at step t is `learningRate / (1 + decay * t)`. Default: 0. */
  decay?: number;
  /** Keras 3 option, accepted only at its default (false): EMA of weights is not supported. */
  useEma?: boolean;
  /** Keras 3 option, ignored since `useEma` is not supported. */
  emaMomentum?: number;
  /** Keras 3 option, accepted only at its default (null). */
  emaOverwriteFrequency?: number | null;
  /** Keras 3 option, accepted only at its default (null): loss scaling is not supported. */
  lossScaleFactor?: number | null;
  /** Keras 3 option, accepted only at its default (null): gradient accumulation is not supported. */
  gradientAccumulationSteps?: number | null;
}

/** The validated base options an {@link Optimizer} keeps. */
export interface BaseOptions {
  name: string;
  learningRate: LearningRate;
  clipnorm: number | null;
  clipvalue: number | null;
  globalClipnorm: number | null;
  weightDecay: number | null;
  decay: number;
}

/** What a concrete optimizer tells the base class about itself. */
export interface OptimizerDefaults {
  /** Keras's default name (`'adam'`, `'SGD'`, …). */
  name: string;
  /** Keras's default learning rate. */
  learningRate: number;
  /** The optimizer's own option names. */
  ownKeys: readonly string[];
}

const baseKeys = [
  'learningRate',
  'clipnorm',
  'clipvalue',
  'globalClipnorm',
  'weightDecay',
  'name',
  'lr',
  'decay',
  'useEma',
  'emaMomentum',
  'emaOverwriteFrequency',
  'lossScaleFactor',
  'gradientAccumulationSteps',
];

let warnedAboutLr = false;

/** Validates a learning rate given as a number, a schedule or a serialized schedule. */
export function parseLearningRate(owner: string, value: unknown): LearningRate {
  if (value instanceof LearningRateSchedule) return value;
  if (typeof value === 'object' && value !== null) return getSchedule(value as SerializedSchedule);
  return requireNonNegative(owner, 'learningRate', value);
}

function optionalPositive(owner: string, argument: string, value: number | null | undefined): number | null {
  return value === undefined || value === null ? null : requirePositive(owner, argument, value);
}

/**
 * Validates the options shared by all optimizers. The concrete optimizer has
 * already taken its own options out of `config`, so any other key is unknown
 * and throws, listing the accepted ones.
 */
export function parseBaseOptions(owner: string, config: OptimizerConfig, defaults: OptimizerDefaults): BaseOptions {
  // The subclass's own keys are listed only so the error names every option.
  rejectUnknownKeys(owner, config, [...baseKeys, ...defaults.ownKeys]);
  if (config.lr !== undefined) {
    if (config.learningRate !== undefined) {
      throw new ValueError(`${owner}: pass either \`learningRate\` or its deprecated alias \`lr\`, not both.`);
    }
    if (!warnedAboutLr) {
      warnedAboutLr = true;
      console.warn('keras-ts: the optimizer option `lr` is deprecated; use `learningRate` instead.');
    }
  }
  const clipnorm = optionalPositive(owner, 'clipnorm', config.clipnorm);
  const clipvalue = optionalPositive(owner, 'clipvalue', config.clipvalue);
  const globalClipnorm = optionalPositive(owner, 'globalClipnorm', config.globalClipnorm);
  if ([clipnorm, clipvalue, globalClipnorm].filter((value) => value !== null).length > 1) {
    throw new ValueError(
      `${owner}: only one of \`clipnorm\`, \`clipvalue\` and \`globalClipnorm\` can be set, got ` +
        `clipnorm=${clipnorm}, clipvalue=${clipvalue}, globalClipnorm=${globalClipnorm}. Keep one of them.`,
    );
  }
  if (config.useEma !== undefined && config.useEma !== false) {
    throw new ValueError(`${owner}: \`useEma\` is not supported by keras-ts; leave it unset or false.`);
  }
  for (const key of ['emaOverwriteFrequency', 'lossScaleFactor', 'gradientAccumulationSteps'] as const) {
    if (config[key] !== undefined && config[key] !== null) {
      throw new ValueError(`${owner}: \`${key}\` is not supported by keras-ts; leave it unset or null.`);
    }
  }
  if (config.name !== undefined && (typeof config.name !== 'string' || config.name === '')) {
    throw new ValueError(`${owner}: \`name\` must be a non-empty string, got ${String(config.name)}.`);
  }
  const weightDecay = config.weightDecay ?? null;
  return {
    name: config.name ?? defaults.name,
    learningRate: parseLearningRate(owner, config.learningRate ?? config.lr ?? defaults.learningRate),
    clipnorm,
    clipvalue,
    globalClipnorm,
    weightDecay: weightDecay === null ? null : requireNonNegative(owner, 'weightDecay', weightDecay),
    decay: requireNonNegative(owner, 'decay', config.decay ?? 0),
  };
}
