import { ValueError, lookupIdentifier, normalizeIdentifier } from '@keras-ts/core';
import type { Initializer } from './base.js';
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

type InitializerClass = { className: string; new (config?: Record<string, unknown>): Initializer };

const CLASSES: [string, InitializerClass][] = [
  ['zeros', Zeros],
  ['ones', Ones],
  ['constant', Constant],
  ['identity', Identity],
  ['random_normal', RandomNormal],
  ['random_uniform', RandomUniform],
  ['truncated_normal', TruncatedNormal],
  ['variance_scaling', VarianceScaling],
  ['glorot_uniform', GlorotUniform],
  ['glorot_normal', GlorotNormal],
  ['he_normal', HeNormal],
  ['he_uniform', HeUniform],
  ['lecun_normal', LecunNormal],
  ['lecun_uniform', LecunUniform],
  ['orthogonal', Orthogonal],
] as [string, InitializerClass][];
const TABLE = new Map<string, InitializerClass>();
for (const [name, cls] of CLASSES) {
  TABLE.set(normalizeIdentifier(name), cls);
  TABLE.set(normalizeIdentifier(cls.className), cls);
}

/** An initializer given by Keras name ('glorotUniform' / 'glorot_uniform'), object, or `{ className, config }`. */
export type InitializerIdentifier = string | Initializer | { className: string; config?: Record<string, unknown> };

/** Resolves an initializer identifier; throws listing valid names when unknown. */
export function getInitializer(identifier: InitializerIdentifier): Initializer {
  if (typeof identifier === 'string')
    return new (lookupIdentifier(
      'initializer',
      identifier,
      TABLE,
      CLASSES.map(([n]) => n),
    ))();
  // Checked before `in`, which throws a bare TypeError on numbers and null.
  if (typeof identifier === 'object' && identifier !== null) {
    if ('apply' in identifier) return identifier;
    if (typeof identifier.className === 'string') {
      return new (lookupIdentifier(
        'initializer',
        identifier.className,
        TABLE,
        CLASSES.map(([n]) => n),
      ))(identifier.config ?? {});
    }
  }
  throw new ValueError(
    `Cannot interpret initializer ${JSON.stringify(identifier) ?? String(identifier)}: expected a name such as 'glorotUniform', an Initializer, or { className, config }.`,
  );
}

/** `{ className, config }` for saving. */
export function serializeInitializer(initializer: Initializer): { className: string; config: Record<string, unknown> } {
  return { className: initializer.className, config: initializer.getConfig() };
}
