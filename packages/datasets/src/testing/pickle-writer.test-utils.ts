// A small pickle WRITER for tests, separate from the reader: it lays out opcodes the way CPython
// (protocol 3/4) and Python 2 cPickle (protocol 2) write numpy object arrays, int lists and CIFAR
// batch dicts, so the reader is exercised on the real byte formats.

/** Which writer to imitate: 2 = Python 2 cPickle (str as SHORT_BINSTRING), 3 or 4 = CPython 3. */
export type Protocol = 2 | 3 | 4;

export class PickleWriter {
  private readonly bytes: number[] = [];
  private memo = 0;

  constructor(readonly protocol: Protocol) {
    this.bytes.push(0x80, protocol);
  }

  private u32(value: number): void {
    this.bytes.push(value & 0xff, (value >>> 8) & 0xff, (value >>> 16) & 0xff, (value >>> 24) & 0xff);
  }

  raw(...values: number[]): this {
    this.bytes.push(...values);
    return this;
  }

  put(): this {
    if (this.protocol === 4)
      this.bytes.push(0x94); // MEMOIZE
    else if (this.memo < 256)
      this.bytes.push(0x71, this.memo); // BINPUT
    else {
      this.bytes.push(0x72);
      this.u32(this.memo);
    }
    this.memo++;
    return this;
  }

  int(value: number): this {
    if (value >= 0 && value < 256) this.bytes.push(0x4b, value);
    else if (value >= 0 && value < 65536) this.bytes.push(0x4d, value & 0xff, value >> 8);
    else if (value >= -(2 ** 31) && value < 2 ** 31) {
      this.bytes.push(0x4a);
      this.u32(value >>> 0);
    } else {
      let big = BigInt(value);
      const out: number[] = [];
      while (big !== 0n && big !== -1n) {
        out.push(Number(big & 0xffn));
        big >>= 8n;
      }
      const negative = value < 0;
      if (((out[out.length - 1] ?? 0) & 0x80) !== (negative ? 0x80 : 0)) out.push(negative ? 0xff : 0);
      this.bytes.push(0x8a, out.length, ...out);
    }
    return this;
  }

  /** A Python text string: BINUNICODE (3), SHORT_BINUNICODE (4), or a Python 2 str (2). */
  text(value: string): this {
    const encoded = new TextEncoder().encode(value);
    if (this.protocol === 2) return this.binaryString(encoded);
    if (this.protocol === 4 && encoded.length < 256) this.bytes.push(0x8c, encoded.length, ...encoded);
    else {
      this.bytes.push(0x58);
      this.u32(encoded.length);
      this.bytes.push(...encoded);
    }
    return this.put();
  }

  /** Raw bytes: a Python 2 str (SHORT_BINSTRING/BINSTRING) or Python 3 bytes (SHORT_BINBYTES/BINBYTES). */
  binaryString(value: Uint8Array): this {
    const short = value.length < 256;
    if (this.protocol === 2) this.bytes.push(short ? 0x55 : 0x54);
    else this.bytes.push(short ? 0x43 : 0x42);
    if (short) this.bytes.push(value.length);
    else this.u32(value.length);
    for (const byte of value) this.bytes.push(byte);
    return this.put();
  }

  global(module: string, name: string): this {
    if (this.protocol === 4) {
      this.text(module).text(name);
      this.bytes.push(0x93);
    } else {
      this.bytes.push(0x63, ...new TextEncoder().encode(`${module}\n${name}\n`));
    }
    return this.put();
  }

  /** A list of ints, appended in batches of 1000 as CPython does. */
  intList(values: readonly number[]): this {
    this.bytes.push(0x5d);
    this.put();
    if (values.length === 1) return this.int(values[0] ?? 0).raw(0x61);
    for (let start = 0; start < values.length; start += 1000) {
      this.bytes.push(0x28);
      for (const value of values.slice(start, start + 1000)) this.int(value);
      this.bytes.push(0x65);
    }
    return this;
  }

  /** numpy's dtype pickle: dtype(descr, False, True) then BUILD with the 8-tuple state. */
  dtype(descr: string, byteOrder: string): this {
    this.global('numpy', 'dtype').text(descr).raw(0x89, 0x88, 0x87).put().raw(0x52).put();
    this.raw(0x28)
      .int(3)
      .text(byteOrder)
      .raw(0x4e, 0x4e, 0x4e)
      .int(-1)
      .int(-1)
      .int(descr.startsWith('O') ? 63 : 0);
    return this.raw(0x74).put().raw(0x62);
  }

  /** `_reconstruct(ndarray, (0,), b'b')` then BUILD with `(1, shape, dtype, False, body)`. */
  ndarray(shape: readonly number[], descr: string, byteOrder: string, body: (writer: this) => void, numpyModule = 'numpy.core.multiarray'): this {
    this.global(numpyModule, '_reconstruct').global('numpy', 'ndarray').int(0).raw(0x85).put();
    this.binaryString(new Uint8Array([0x62]))
      .raw(0x87)
      .put()
      .raw(0x52)
      .put();
    this.raw(0x28).int(1);
    for (const dimension of shape) this.int(dimension);
    this.raw(shape.length === 1 ? 0x85 : shape.length === 2 ? 0x86 : 0x74).put();
    this.dtype(descr, byteOrder).raw(0x89);
    body(this);
    return this.raw(0x74).put().raw(0x62);
  }

  finish(): Uint8Array {
    this.bytes.push(0x2e);
    const out = Uint8Array.from(this.bytes);
    if (this.protocol !== 4) return out;
    // Protocol 4 wraps the body after PROTO in a FRAME with its 8-byte length.
    const body = out.subarray(2);
    const framed = new Uint8Array(2 + 9 + body.length);
    framed.set(out.subarray(0, 2));
    framed[2] = 0x95;
    new DataView(framed.buffer).setBigUint64(3, BigInt(body.length), true);
    framed.set(body, 11);
    return framed;
  }
}

/** A pickled numpy object array of int lists, as numpy's `np.save` writes for Keras's imdb/reuters. */
export function pickleObjectArray(sequences: readonly (readonly number[])[], protocol: Protocol, numpyModule?: string): Uint8Array {
  const writer = new PickleWriter(protocol);
  // The tuple-mark must precede the version int; ndarray() writes "( version shape dtype False body t".
  writer.ndarray(
    [sequences.length],
    'O8',
    '|',
    (w) => {
      w.raw(0x5d).put();
      for (let start = 0; start < sequences.length; start += 1000) {
        w.raw(0x28);
        for (const sequence of sequences.slice(start, start + 1000)) w.intList(sequence);
        w.raw(0x65);
      }
    },
    numpyModule,
  );
  return writer.finish();
}

/** A CIFAR "python version" batch as Python 2 cPickle wrote it (protocol 2, str keys). */
export function pickleCifarBatch(data: Uint8Array, labelLists: Record<string, readonly number[]>): Uint8Array {
  const count = data.length / 3072;
  const writer = new PickleWriter(2);
  writer.raw(0x7d).put().raw(0x28);
  const key = (name: string) => writer.binaryString(new TextEncoder().encode(name));
  key('batch_label').binaryString(new TextEncoder().encode('training batch 1 of 5'));
  for (const [name, labels] of Object.entries(labelLists)) {
    key(name).intList(labels);
  }
  key('data').ndarray([count, 3072], 'u1', '|', (w) => w.binaryString(data));
  key('filenames').raw(0x5d).put();
  return writer.raw(0x75).finish();
}
