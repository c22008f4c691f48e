// Seeded mutations of saved models for fuzz.test.ts: structural changes to model.json (or the
// in-memory artifacts) and byte-level changes to the weights.

/** A seeded generator of uniform numbers in [0, 1) (xorshift32), so a failing case can be replayed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0 || 0x9e3779b9;
  return () => {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state / 0x1_0000_0000;
  };
}

/** A JSON-like tree being mutated: objects and arrays (in-memory artifacts may also get cycles). */
type Tree = Record<string, unknown> | unknown[];

/** Where a value sits: its container and key, and its path for the report. */
interface Slot {
  parent: Tree;
  key: string | number;
  path: string;
  depth: number;
}

/** A marker the file route replaces with deeply nested brackets in the JSON text (JSON.stringify would recurse). */
export const DEEP_MARKER = '__keras_ts_fuzz_deep__';

const pick = <T>(random: () => number, items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

const REPLACEMENTS: readonly unknown[] = [
  7,
  -1,
  0,
  1.5,
  1e308,
  -1e308,
  2 ** 53 + 2,
  1e9,
  'relu',
  '',
  'float64',
  'x'.repeat(300),
  null,
  true,
  false,
  [],
  {},
  [1, 2],
  { class_name: 'Nope', config: {} },
  { class_name: 7 },
  [null],
  [[[]]],
  '__proto__',
  'constructor',
];
const HUGE_NUMBERS: readonly number[] = [1e9, 123_456_789, 2 ** 31, 2 ** 53, 1e15, 1e308, -5, 3.7, 0, 65_536];
const DTYPES: readonly unknown[] = ['float64', 'string', 'int8', '', 7, null, 'complex64', 'uint8', 'FLOAT32', 'bool'];
const CLASS_NAMES: readonly unknown[] = [
  'Nope',
  'Model',
  'Functional',
  'Sequential',
  'InputLayer',
  'Dense',
  'Dropout',
  '__proto__',
  'constructor',
  'toString',
  '',
  42,
];
const PATHS: readonly unknown[] = [
  '../x.bin',
  '/etc/passwd',
  '',
  'a\u0000b',
  'x'.repeat(5000),
  'nope.bin',
  'model.json',
  '.',
  'sub/../weights.bin',
  '..',
  7,
  null,
  'C:\\\\x.bin',
];

/** Every container slot of `root`, breadth-first (bounded, so even a mutated tree is walked quickly). */
function slots(root: Tree): Slot[] {
  const found: Slot[] = [];
  const queue: { tree: Tree; path: string; depth: number }[] = [{ tree: root, path: '', depth: 0 }];
  const seen = new Set<unknown>();
  while (queue.length > 0 && found.length < 5000) {
    const { tree, path, depth } = queue.shift()!;
    if (seen.has(tree)) continue;
    seen.add(tree);
    const entries: [string | number, unknown][] = Array.isArray(tree) ? tree.map((value, index) => [index, value]) : Object.entries(tree);
    for (const [key, value] of entries) {
      const childPath = typeof key === 'number' ? `${path}[${key}]` : `${path}.${key}`;
      found.push({ parent: tree, key, path: childPath, depth });
      if (typeof value === 'object' && value !== null && !(value instanceof ArrayBuffer))
        queue.push({ tree: value as Tree, path: childPath, depth: depth + 1 });
    }
  }
  return found;
}

function valueAt(slot: Slot): unknown {
  return (slot.parent as Record<string | number, unknown>)[slot.key];
}

function set(slot: Slot, value: unknown): void {
  (slot.parent as Record<string | number, unknown>)[slot.key] = value;
}

/**
 * Applies one structural mutation to `root` in place and says what it did. `route` 'memory'
 * may create reference cycles and nested arrays directly; 'file' marks deep nesting with
 * {@link DEEP_MARKER} for the text.
 */
export function mutateTree(random: () => number, root: Tree, route: 'file' | 'memory'): string {
  const all = slots(root);
  if (all.length === 0) return 'nothing to mutate';
  const slot = pick(random, all);
  const operation = pick(random, ['swap', 'swap', 'delete', 'deep', 'huge', 'dtype', 'class', 'path', 'duplicate', 'cycle'] as const);
  switch (operation) {
    case 'swap': {
      const value = pick(random, REPLACEMENTS);
      set(slot, typeof value === 'object' && value !== null ? structuredClone(value) : value);
      return `${slot.path} := ${JSON.stringify(value)?.slice(0, 40)}`;
    }
    case 'delete':
      if (Array.isArray(slot.parent)) slot.parent.splice(slot.key as number, 1);
      else delete slot.parent[slot.key as string];
      return `delete ${slot.path}`;
    case 'deep': {
      const depth = pick(random, [65, 100, 1000, 10_000]);
      if (route === 'file') set(slot, `${DEEP_MARKER}${depth}`);
      else {
        let nested: unknown[] = [];
        for (let level = 1; level < depth; level++) nested = random() < 0.5 ? [nested] : ([{ a: nested }] as unknown[]);
        set(slot, nested);
      }
      return `${slot.path} := nested ${depth} deep`;
    }
    case 'huge': {
      const numeric = all.filter((candidate) => typeof valueAt(candidate) === 'number');
      const target = numeric.length > 0 ? pick(random, numeric) : slot;
      const value = pick(random, HUGE_NUMBERS);
      set(target, value);
      return `${target.path} := ${value}`;
    }
    case 'dtype':
    case 'class':
    case 'path': {
      const key = operation === 'dtype' ? 'dtype' : operation === 'class' ? 'class_name' : 'paths';
      const targets = all.filter((candidate) => candidate.key === key);
      const target = targets.length > 0 ? pick(random, targets) : slot;
      const value = pick(random, operation === 'dtype' ? DTYPES : operation === 'class' ? CLASS_NAMES : PATHS);
      set(target, key === 'paths' && random() < 0.7 ? [value] : value);
      return `${target.path} := ${JSON.stringify(value)?.slice(0, 40)}`;
    }
    case 'duplicate': {
      const arrays = all.filter((candidate) => Array.isArray(valueAt(candidate)) && (valueAt(candidate) as unknown[]).length > 0);
      if (arrays.length === 0) return 'no list to duplicate in';
      const target = pick(random, arrays);
      const list = valueAt(target) as unknown[];
      // The same entry again (not a copy: a copy of a deeply nested value would recurse).
      list.push(pick(random, list));
      return `duplicate an entry of ${target.path}`;
    }
    case 'cycle': {
      if (route === 'file') {
        set(slot, structuredClone(root));
        return `${slot.path} := a copy of the whole file`;
      }
      set(slot, root);
      return `${slot.path} := the root itself (a cycle)`;
    }
  }
}

/** One byte-level change to saved weights: truncation, extension, bit flips or zeros. */
export function mutateBytes(random: () => number, bytes: Uint8Array): { bytes: Uint8Array; description: string } {
  const operation = pick(random, ['truncate', 'extend', 'flip', 'flip', 'zero', 'empty'] as const);
  switch (operation) {
    case 'truncate': {
      const length = Math.floor(random() * bytes.length);
      return { bytes: bytes.slice(0, length), description: `truncated to ${length} bytes` };
    }
    case 'extend': {
      const extra = 1 + Math.floor(random() * 64);
      const longer = new Uint8Array(bytes.length + extra);
      longer.set(bytes);
      for (let index = bytes.length; index < longer.length; index++) longer[index] = Math.floor(random() * 256);
      return { bytes: longer, description: `extended by ${extra} bytes` };
    }
    case 'flip': {
      const flipped = bytes.slice();
      const count = 1 + Math.floor(random() * 8);
      for (let flip = 0; flip < count && flipped.length > 0; flip++) flipped[Math.floor(random() * flipped.length)]! ^= 1 << Math.floor(random() * 8);
      return { bytes: flipped, description: `${count} bit(s) flipped` };
    }
    case 'zero':
      return { bytes: new Uint8Array(bytes.length), description: 'all zeros' };
    case 'empty':
      return { bytes: new Uint8Array(0), description: 'empty' };
  }
}

/** `JSON.stringify(tree)` with each {@link DEEP_MARKER}<n> string replaced by n nested brackets. */
export function textWithDeepNesting(tree: unknown): string {
  return JSON.stringify(tree).replace(
    new RegExp(`"${DEEP_MARKER}(\\d+)"`, 'g'),
    (_, depth: string) => `${'['.repeat(Number(depth))}${']'.repeat(Number(depth))}`,
  );
}
