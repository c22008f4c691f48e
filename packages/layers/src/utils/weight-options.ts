import type { AddWeightOptions } from '@keras-ts/core';
import { type ConstraintIdentifier, getConstraint } from '../constraints/constraints.js';
import type { Initializer } from '../initializers/base.js';
import { type InitializerIdentifier, getInitializer, serializeInitializer } from '../initializers/registry.js';
import { type RegularizerIdentifier, getRegularizer } from '../regularizers/regularizers.js';
import { serializeOptional } from '../serialization.js';

/**
 * One weight's options, resolved from a layer config: its initializer, plus the regularizer and
 * constraint that `addWeight` takes, so a layer writes
 * `this.addWeight('kernel', shape, kernel.initializer, kernel)`.
 */
export interface WeightOptions extends AddWeightOptions {
  /** Creates the weight's initial value. */
  readonly initializer: Initializer;
}

/**
 * The options a layer config spells for one weight, by prefix: `kernelInitializer`,
 * `kernelRegularizer` and `kernelConstraint` for `Prefix = 'kernel'`.
 */
export type WeightConfig<Prefix extends string> = { [Key in `${Prefix}Initializer`]?: InitializerIdentifier } & {
  [Key in `${Prefix}Regularizer`]?: RegularizerIdentifier;
} & { [Key in `${Prefix}Constraint`]?: ConstraintIdentifier };

/**
 * Resolves the `<prefix>Initializer`, `<prefix>Regularizer` and `<prefix>Constraint` options of
 * `config` (`weightOptions(config, 'kernel', 'glorotUniform')`); `defaultInitializer` applies when
 * the config names none. Unknown identifiers throw, listing the valid ones.
 */
export function weightOptions<const Prefix extends string>(
  config: WeightConfig<Prefix>,
  prefix: Prefix,
  defaultInitializer: InitializerIdentifier,
): WeightOptions;
// TypeScript does not resolve a key built from a generic prefix; typed by pattern instead, the
// implementation reads `<any prefix>Initializer` as an initializer identifier, and so on.
export function weightOptions(config: WeightConfig<string>, prefix: string, defaultInitializer: InitializerIdentifier): WeightOptions {
  const initializer = config[`${prefix}Initializer` as const];
  const regularizer = config[`${prefix}Regularizer` as const];
  const constraint = config[`${prefix}Constraint` as const];
  // Configs read from JSON hold null for "none", hence the truthiness checks.
  return {
    initializer: getInitializer(initializer ?? defaultInitializer),
    ...(regularizer ? { regularizer: getRegularizer(regularizer) } : {}),
    ...(constraint ? { constraint: getConstraint(constraint) } : {}),
  };
}

/** The config entries of {@link weightOptions}' result: `<prefix>Initializer`, `<prefix>Regularizer`, `<prefix>Constraint`. */
export function serializeWeightOptions(prefix: string, options: WeightOptions): Record<string, unknown> {
  return {
    [`${prefix}Initializer`]: serializeInitializer(options.initializer),
    [`${prefix}Regularizer`]: serializeOptional(options.regularizer),
    [`${prefix}Constraint`]: serializeOptional(options.constraint),
  };
}
