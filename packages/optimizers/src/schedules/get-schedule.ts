import { camelCaseKeys, Registry, ValueError } from '@keras-ts/common';
import { LearningRateSchedule, type SerializedSchedule } from './base.js';
import { CosineDecay, type CosineDecayConfig } from './cosine-decay.js';
import { CosineDecayRestarts, type CosineDecayRestartsConfig } from './cosine-decay-restarts.js';
import { ExponentialDecay, type ExponentialDecayConfig } from './exponential-decay.js';
import { InverseTimeDecay, type InverseTimeDecayConfig } from './inverse-time-decay.js';
import { PiecewiseConstantDecay, type PiecewiseConstantDecayConfig } from './piecewise-constant-decay.js';
import { PolynomialDecay, type PolynomialDecayConfig } from './polynomial-decay.js';

type ScheduleFactory = (config: Record<string, unknown>) => LearningRateSchedule;

// Config objects come from JSON, so each constructor validates its own fields.
const SCHEDULES = new Registry<[string, ScheduleFactory]>({ kind: 'learning-rate schedule', validLabel: 'Valid schedules' })
  .register('ExponentialDecay', ['ExponentialDecay', (c) => new ExponentialDecay(c as unknown as ExponentialDecayConfig)])
  .register('InverseTimeDecay', ['InverseTimeDecay', (c) => new InverseTimeDecay(c as unknown as InverseTimeDecayConfig)])
  .register('PiecewiseConstantDecay', ['PiecewiseConstantDecay', (c) => new PiecewiseConstantDecay(c as unknown as PiecewiseConstantDecayConfig)])
  .register('PolynomialDecay', ['PolynomialDecay', (c) => new PolynomialDecay(c as unknown as PolynomialDecayConfig)])
  .register('CosineDecay', ['CosineDecay', (c) => new CosineDecay(c as unknown as CosineDecayConfig)])
  .register('CosineDecayRestarts', ['CosineDecayRestarts', (c) => new CosineDecayRestarts(c as unknown as CosineDecayRestartsConfig)]);

/** Keras class names of the built-in schedules. */
export const scheduleNames: readonly string[] = SCHEDULES.names();

/**
 * Returns a schedule from an instance (returned as is) or from a serialized
 * `{ className, config }` / Keras `{ class_name, config }` object, with camelCase
 * or snake_case config keys. Class names match case-insensitively.
 */
export function getSchedule(identifier: LearningRateSchedule | SerializedSchedule | string): LearningRateSchedule {
  if (identifier instanceof LearningRateSchedule) return identifier;
  const className = typeof identifier === 'string' ? identifier : (identifier?.className ?? identifier?.class_name);
  if (typeof className !== 'string') {
    throw new ValueError(`getSchedule: expected a LearningRateSchedule or { className, config }, got ${JSON.stringify(identifier)}.`);
  }
  const entry = SCHEDULES.lookup(className);
  if (typeof identifier === 'string' || identifier.config === undefined) {
    throw new ValueError(
      `getSchedule: '${entry[0]}' needs its config; pass { className: '${entry[0]}', config: { … } } ` + `or construct it with new ${entry[0]}({ … }).`,
    );
  }
  return entry[1](camelCaseKeys(identifier.config));
}
