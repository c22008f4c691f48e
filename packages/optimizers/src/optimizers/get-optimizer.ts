import { camelCaseKeys, Registry, ValueError } from '@keras-ts/common';
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
export type OptimizerIdentifier = string | Optimizer | { className?: string; class_name?: string; config?: Record<string, unknown> };

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

const OPTIMIZERS = new Registry<OptimizerClass>({
  kind: 'optimizer',
  hint: "Names are case-insensitive, e.g. 'adam', 'rmsprop', 'sgd'.",
});
for (const optimizerClass of classes) OPTIMIZERS.register(optimizerClass.className, optimizerClass);

/** Keras class names of the built-in optimizers. */
export const optimizerNames: readonly string[] = OPTIMIZERS.names();

/**
 * Returns an optimizer: an instance is returned as is; a name (`'adam'`,
 * `'RMSprop'`, `'sgd'`, case-insensitive) gives a new instance with Keras's
 * defaults; `{ className, config }` (or Keras's `{ class_name, config }` with
 * snake_case keys) rebuilds one from {@link Optimizer.getConfig} output.
 * Unknown names throw, listing the valid ones.
 */
export function getOptimizer(identifier: OptimizerIdentifier): Optimizer {
  if (identifier instanceof Optimizer) return identifier;
  const className = typeof identifier === 'string' ? identifier : (identifier?.className ?? identifier?.class_name ?? undefined);
  if (typeof className !== 'string') {
    throw new ValueError(`getOptimizer: expected an Optimizer, a name such as 'adam', or { className, config }, ` + `got ${JSON.stringify(identifier)}.`);
  }
  const optimizerClass = OPTIMIZERS.lookup(className);
  const config = typeof identifier === 'string' ? {} : camelCaseKeys(identifier.config ?? {});
  return new optimizerClass(config);
}
