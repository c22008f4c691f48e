import type { ValueError } from '../errors/errors.js';
import { normalizeIdentifier, notANameError, type UnknownIdentifierWording, unknownIdentifierError } from '../identifiers/identifier.js';

/** Options of a {@link Registry}. */
export interface RegistryOptions extends UnknownIdentifierWording {
  /** The singular noun used in messages: `'loss'`, `'optimizer'`, `'learning-rate schedule'`. */
  kind: string;
  /** List valid names sorted alphabetically in errors and {@link Registry.names}. Default: registration order. */
  sorted?: boolean;
}

/**
 * A name → value table (classes, factories, functions) looked up the Keras way: camelCase,
 * snake_case and class-name spellings of a name are one key ({@link normalizeIdentifier}), and an
 * unknown name throws a {@link ValueError} that lists the valid ones.
 *
 * ```ts
 * const optimizers = new Registry<OptimizerClass>({ kind: 'optimizer' });
 * optimizers.register(['SGD'], SGD).register(['RMSprop'], RMSprop);
 * optimizers.lookup('rmsprop'); // RMSprop
 * optimizers.lookup('adamm');   // ValueError: Unknown optimizer 'adamm'. Valid optimizers: SGD, RMSprop.
 * ```
 */
export class Registry<T> {
  private readonly byKey = new Map<string, T>();
  private readonly listed: string[] = [];

  /** An empty registry; `options.kind` names what it holds in error messages. */
  constructor(readonly options: RegistryOptions) {}

  /**
   * Registers `value` under each of `names` (later registrations of the same normalized name
   * replace earlier ones). Every name is listed as written, once.
   */
  register(names: string | readonly string[], value: T): this {
    for (const name of typeof names === 'string' ? [names] : names) {
      this.byKey.set(normalizeIdentifier(name), value);
      if (!this.listed.includes(name)) this.listed.push(name);
    }
    return this;
  }

  /** The value registered under `identifier` in any spelling, or `undefined`. */
  get(identifier: string): T | undefined {
    return this.byKey.get(normalizeIdentifier(identifier));
  }

  /** Whether `identifier` in any spelling is registered. */
  has(identifier: string): boolean {
    return this.byKey.has(normalizeIdentifier(identifier));
  }

  /** The value registered under `identifier`; throws {@link unknownError} when there is none. */
  lookup(identifier: string): T {
    if (typeof identifier !== 'string') throw notANameError(this.options.kind, identifier);
    const found = this.get(identifier);
    if (found === undefined) throw this.unknownError(identifier);
    return found;
  }

  /** Every registered name as written, in registration order or sorted (see {@link RegistryOptions.sorted}). */
  names(): string[] {
    return this.options.sorted === true ? [...this.listed].sort((a, b) => a.localeCompare(b)) : [...this.listed];
  }

  /**
   * The error for an unknown `identifier`, listing {@link names} (or `validNames` when the
   * caller accepts more than this registry holds).
   */
  unknownError(identifier: string, validNames: readonly string[] = this.names()): ValueError {
    return unknownIdentifierError(this.options.kind, identifier, validNames, this.options);
  }
}
