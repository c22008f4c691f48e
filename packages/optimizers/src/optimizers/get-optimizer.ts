import { camelCaseKeys, identifierKey } from '../config/camel-case-keys.js';
import { Adadelta } from './adadelta.js';
import { Adagrad } from './adagrad.js';
import { Adam } from './adam.js';
import { Adamax } from './adamax.js';
import { AdamW } from './adamw.js';
import { Optimizer } from './base.js';
import { Ftrl } from './ftrl.js';
import { Lion } from './lion.js';
import { Nadam } from './nadam.js';
import { RMSprop } from './rmsprop.js';
import { SGD } from './sgd.js';

/** An optimizer, its name (`'adam'`, `'RMSprop'`), or a serialized `{ className, config }`. */
export type OptimizerIdentifier =
  | string
  | Optimizer
  | { className?: string; class_name?: string; config?: Record<string, unknown> };

type OptimizerClass = new (config?: Record<string, unknown>) => Optimizer;

const classes: readonly (OptimizerClass & { className: string })[] = [
  SGD,
  RMSprop,
  Adam,
  AdamW,
  Adagrad,
  Adadelta,
  Adamax,
  Nadam,
  Lion,
  Ftrl,
] as unknown as readonly (OptimizerClass & { className: string })[];

const byKey = new Map(classes.map((optimizerClass) => [identifierKey(optimizerClass.className), optimizerClass]));

/** Keras class names of the built-in optimizers. */
export const optimizerNames: readonly string[] = classes.map((optimizerClass) => optimizerClass.className);

/**
 * Returns an optimizer: an instance is returned as is; a name (`'adam'`,
 * `'RMSprop'`, `'sgd'`, case-insensitive) gives a new instance with Keras's
 * defaults; `{ className, config }` (or Keras's `{ class_name, config }` with
 * snake_case keys) rebuilds one from {@link Optimizer.getConfig} output.
 * Unknown names throw, listing the valid ones.
 */
export function getOptimizer(identifier: OptimizerIdentifier): Optimizer {
  if (identifier instanceof Optimizer) return identifier;
  const className =
    typeof identifier === 'string' ? identifier : (identifier?.className ?? identifier?.class_name ?? undefined);
  if (typeof className !== 'string') {
    throw new Error(
      `getOptimizer: expected an Optimizer, a name such as 'adam', or { className, config }, ` +
        `got ${JSON.stringify(identifier)}.`,
    );
  }
  const optimizerClass = byKey.get(identifierKey(className));
  if (optimizerClass === undefined) {
    throw new Error(
      `Unknown optimizer '${className}'. Valid optimizers: ${optimizerNames.join(', ')} ` +
        `(case-insensitive, e.g. 'adam', 'rmsprop', 'sgd').`,
    );
  }
  const config = typeof identifier === 'string' ? {} : camelCaseKeys(identifier.config ?? {});
  return new optimizerClass(config);
}
