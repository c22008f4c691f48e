import { DatasetFormatError, UnpicklingError } from '../errors/errors.js';
import { ALLOWED_GLOBALS, ArrayStub, asText, build, DtypeStub, GlobalReference, reduce } from './pickle-numpy.js';

/**
 * A value read from a pickle: `null`, booleans, numbers (bigint beyond 2^53), strings, bytes
 * (`Uint8Array`, also for Python 2 `str`), arrays (lists and tuples), dicts (null-prototype
 * records; bytes keys decoded as latin-1) and numpy arrays ({@link NdArray}).
 */
export type PickleValue = unknown;

const HEX_BYTES = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'));

// Opcodes that can build arbitrary objects or call into the host; never emulated.
const REFUSED = new Map<number, string>([
  [0x69, 'INST'],
  [0x6f, 'OBJ'],
  [0x81, 'NEWOBJ'],
  [0x92, 'NEWOBJ_EX'],
  [0x50, 'PERSID'],
  [0x51, 'BINPERSID'],
  [0x82, 'EXT1'],
  [0x83, 'EXT2'],
  [0x84, 'EXT4'],
]);

/**
 * Reads a pickle stream (protocols 0–4 subset) without executing anything. Lists, tuples,
 * dicts, ints, floats, strings, bytes, booleans and None are read structurally; the only globals
 * accepted are numpy's array-reconstruction names, and REDUCE/BUILD are emulated only for them, so
 * object arrays of int lists (Keras's imdb/reuters) and CIFAR batches load while anything else
 * (for example `os.system`) throws {@link UnpicklingError}.
 *
 * @param bytes the pickle stream.
 * @param where the file or member name, used in error messages.
 */
export function readPickle(bytes: Uint8Array, where: string): PickleValue {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let stack: unknown[] = [];
  const metastack: unknown[][] = [];
  const memo = new Map<number, unknown>();
  let position = 0;

  const fail = (message: string): never => {
    throw new DatasetFormatError(`${where}: ${message} (at byte ${position}). The file is corrupt or truncated; delete it and download it again.`);
  };
  const need = (count: number): void => {
    if (position + count > bytes.length) fail(`pickle stream ends early: needed ${count} more bytes, ${bytes.length - position} left`);
  };
  const take = (count: number): Uint8Array => {
    need(count);
    const out = bytes.subarray(position, position + count);
    position += count;
    return out;
  };
  const u8 = () => {
    need(1);
    return view.getUint8(position++);
  };
  const u16 = () => {
    need(2);
    const v = view.getUint16(position, true);
    position += 2;
    return v;
  };
  const u32 = () => {
    need(4);
    const v = view.getUint32(position, true);
    position += 4;
    return v;
  };
  const i32 = () => {
    need(4);
    const v = view.getInt32(position, true);
    position += 4;
    return v;
  };
  const u64 = () => {
    need(8);
    const v = view.getBigUint64(position, true);
    position += 8;
    return Number(v);
  };
  const line = (): string => {
    const end = bytes.indexOf(0x0a, position);
    if (end < 0) fail('pickle text argument has no terminating newline');
    const text = asText(bytes.subarray(position, end), 'text argument');
    position = end + 1;
    return text;
  };
  const utf8 = (raw: Uint8Array): string => {
    try {
      return decoder.decode(raw);
    } catch {
      return fail('invalid UTF-8 in a pickled string');
    }
  };
  const pop = (): unknown => {
    if (stack.length === 0) fail('pickle stack underflow');
    return stack.pop();
  };
  const top = (): unknown => {
    if (stack.length === 0) fail('pickle stack underflow');
    return stack[stack.length - 1];
  };
  const popMark = (): unknown[] => {
    const items = stack;
    const previous = metastack.pop();
    if (!previous) fail('pickle MARK missing');
    stack = previous as unknown[];
    return items;
  };
  const asList = (target: unknown, opcode: string): unknown[] => {
    if (!Array.isArray(target)) fail(`${opcode} on a non-list`);
    return target as unknown[];
  };
  const asDict = (target: unknown, opcode: string): Record<string, unknown> => {
    if (
      target === null ||
      typeof target !== 'object' ||
      Array.isArray(target) ||
      target instanceof Uint8Array ||
      target instanceof ArrayStub ||
      target instanceof DtypeStub ||
      target instanceof GlobalReference
    ) {
      fail(`${opcode} on a non-dict`);
    }
    return target as Record<string, unknown>;
  };
  const setItems = (dict: Record<string, unknown>, items: unknown[]): void => {
    for (let i = 0; i + 1 < items.length; i += 2) dict[dictKey(items[i])] = items[i + 1];
  };
  const dictKey = (key: unknown): string => {
    if (typeof key === 'string') return key;
    if (key instanceof Uint8Array) return asText(key, 'dict key');
    if (typeof key === 'number' || typeof key === 'bigint') return String(key);
    return fail(`unsupported dict key type (${typeof key})`);
  };
  const global = (module: string, name: string): GlobalReference => {
    const qualified = `${module}.${name}`;
    if (!ALLOWED_GLOBALS.has(qualified)) {
      throw new UnpicklingError(
        `${where}: refusing to unpickle global '${qualified}'. Only ${[...ALLOWED_GLOBALS].join(', ')} are allowed, ` +
          'and nothing is ever executed. The file is corrupt or malicious; delete it and download it again.',
      );
    }
    return new GlobalReference(module, name);
  };
  const long = (raw: Uint8Array): number | bigint => {
    if (raw.length === 0) return 0;
    // One hex parse: shifting a BigInt byte by byte is quadratic (a 400 kB LONG4 took 100 s).
    let hex = '';
    for (let i = raw.length - 1; i >= 0; i--) hex += HEX_BYTES[raw[i] ?? 0];
    let value = BigInt(`0x${hex}`);
    if ((raw[raw.length - 1] ?? 0) & 0x80) value -= 1n << BigInt(raw.length * 8);
    return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value;
  };

  while (true) {
    if (position >= bytes.length) fail('pickle stream ends without STOP');
    const opcode = u8();
    switch (opcode) {
      case 0x80:
        u8();
        break; // PROTO
      case 0x95:
        u64();
        break; // FRAME: framing is only a buffering hint
      case 0x2e: {
        // STOP
        const result = pop();
        checkComplete(result, where);
        return result;
      }
      case 0x28:
        metastack.push(stack);
        stack = [];
        break; // MARK
      case 0x30:
        pop();
        break; // POP
      case 0x31:
        popMark();
        break; // POP_MARK
      case 0x32:
        stack.push(top());
        break; // DUP
      case 0x4e:
        stack.push(null);
        break; // NONE
      case 0x88:
        stack.push(true);
        break; // NEWTRUE
      case 0x89:
        stack.push(false);
        break; // NEWFALSE
      case 0x4b:
        stack.push(u8());
        break; // BININT1
      case 0x4d:
        stack.push(u16());
        break; // BININT2
      case 0x4a:
        stack.push(i32());
        break; // BININT
      case 0x8a:
        stack.push(long(take(u8())));
        break; // LONG1
      case 0x8b: {
        const n = i32();
        if (n < 0) fail('negative LONG4 length');
        stack.push(long(take(n)));
        break;
      }
      case 0x49: {
        // INT (protocol 0): "01"/"00" are True/False
        const text = line();
        if (text === '01' || text === '00') stack.push(text === '01');
        else if (/^[-+]?\d+$/.test(text)) stack.push(Number(text));
        else fail(`malformed INT '${text}'`);
        break;
      }
      case 0x4c: {
        // LONG (protocol 0)
        const text = line().replace(/L$/, '');
        if (!/^[-+]?\d+$/.test(text)) fail(`malformed LONG '${text}'`);
        const value = BigInt(text);
        stack.push(value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value);
        break;
      }
      case 0x47: {
        need(8);
        stack.push(view.getFloat64(position, false));
        position += 8;
        break;
      } // BINFLOAT
      case 0x46: {
        const text = line();
        const value = Number(text);
        if (Number.isNaN(value) && text.trim() !== 'nan') fail(`malformed FLOAT '${text}'`);
        stack.push(value);
        break;
      }
      case 0x55:
        stack.push(take(u8()).slice());
        break; // SHORT_BINSTRING (Python 2 str → bytes)
      case 0x54: {
        const n = i32();
        if (n < 0) fail('negative BINSTRING length');
        stack.push(take(n).slice());
        break;
      }
      case 0x43:
        stack.push(take(u8()).slice());
        break; // SHORT_BINBYTES
      case 0x42:
        stack.push(take(u32()).slice());
        break; // BINBYTES
      case 0x8e:
        stack.push(take(u64()).slice());
        break; // BINBYTES8
      case 0x8c:
        stack.push(utf8(take(u8())));
        break; // SHORT_BINUNICODE
      case 0x58:
        stack.push(utf8(take(u32())));
        break; // BINUNICODE
      case 0x8d:
        stack.push(utf8(take(u64())));
        break; // BINUNICODE8
      case 0x5d:
        stack.push([]);
        break; // EMPTY_LIST
      case 0x29:
        stack.push([]);
        break; // EMPTY_TUPLE
      case 0x7d:
        stack.push(Object.create(null));
        break; // EMPTY_DICT
      case 0x6c:
      case 0x74: {
        const items = popMark();
        stack.push(items);
        break;
      } // LIST, TUPLE
      case 0x85:
        stack.push([pop()]);
        break; // TUPLE1
      case 0x86: {
        const b = pop();
        const a = pop();
        stack.push([a, b]);
        break;
      } // TUPLE2
      case 0x87: {
        const c = pop();
        const b = pop();
        const a = pop();
        stack.push([a, b, c]);
        break;
      } // TUPLE3
      case 0x64: {
        const dict = Object.create(null);
        setItems(dict, popMark());
        stack.push(dict);
        break;
      } // DICT
      case 0x61: {
        const value = pop();
        asList(top(), 'APPEND').push(value);
        break;
      }
      case 0x65: {
        const items = popMark();
        const list = asList(top(), 'APPENDS');
        for (const item of items) list.push(item);
        break;
      }
      case 0x73: {
        const value = pop();
        const key = pop();
        asDict(top(), 'SETITEM')[dictKey(key)] = value;
        break;
      }
      case 0x75: {
        const items = popMark();
        setItems(asDict(top(), 'SETITEMS'), items);
        break;
      }
      case 0x71:
        memo.set(u8(), top());
        break; // BINPUT
      case 0x72:
        memo.set(u32(), top());
        break; // LONG_BINPUT
      case 0x70:
        memo.set(Number(line()), top());
        break; // PUT
      case 0x94:
        memo.set(memo.size, top());
        break; // MEMOIZE
      case 0x68:
      case 0x6a:
      case 0x67: {
        // BINGET, LONG_BINGET, GET
        const key = opcode === 0x68 ? u8() : opcode === 0x6a ? u32() : Number(line());
        if (!memo.has(key)) fail(`memo key ${key} is not defined`);
        stack.push(memo.get(key));
        break;
      }
      case 0x63: {
        const module = line();
        const name = line();
        stack.push(global(module, name));
        break;
      } // GLOBAL
      case 0x93: {
        // STACK_GLOBAL
        const name = pop();
        const module = pop();
        stack.push(global(asText(module, 'global module'), asText(name, 'global name')));
        break;
      }
      case 0x52: {
        const args = pop();
        const callable = pop();
        stack.push(reduce(callable, args));
        break;
      } // REDUCE
      case 0x62: {
        const state = pop();
        build(top(), state);
        break;
      } // BUILD
      default: {
        const refused = REFUSED.get(opcode);
        if (refused) {
          throw new UnpicklingError(
            `${where}: refusing to unpickle opcode ${refused}, which can construct arbitrary objects. ` +
              'The file is corrupt or malicious; delete it and download it again.',
          );
        }
        fail(`unsupported pickle opcode 0x${opcode.toString(16).padStart(2, '0')}`);
      }
    }
  }
}

// Rejects results that still hold half-built numpy objects or bare globals, so callers only ever
// see plain data and finished arrays.
function checkComplete(root: unknown, where: string): void {
  const seen = new Set<object>();
  const pending: unknown[] = [root];
  while (pending.length > 0) {
    const value = pending.pop();
    if (value === null || typeof value !== 'object' || value instanceof Uint8Array || seen.has(value)) continue;
    seen.add(value);
    if (value instanceof GlobalReference || value instanceof DtypeStub || (value instanceof ArrayStub && !value.built)) {
      throw new DatasetFormatError(
        `${where}: the pickle leaves an incomplete numpy object in its result; expected plain data and built arrays. ` +
          'The file is corrupt; delete it and download it again.',
      );
    }
    if (value instanceof ArrayStub) {
      if (Array.isArray(value.data)) pending.push(value.data);
    } else if (Array.isArray(value)) {
      for (const item of value) if (item !== null && typeof item === 'object') pending.push(item);
    } else {
      for (const item of Object.values(value)) pending.push(item);
    }
  }
}
