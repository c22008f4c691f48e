// Writers for the container formats the tests generate: .npy/.npz (as numpy writes them), gzip'd
// IDX files, and tar archives.
import { gzipSync, zipSync } from 'fflate';

/** An `.npy` v1.0 stream: magic, header dict padded to a 64-byte boundary, then the body. */
export function npyBytes(descr: string, shape: readonly number[], body: Uint8Array, fortranOrder = false): Uint8Array {
  const shapeText = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  let header = `{'descr': '${descr}', 'fortran_order': ${fortranOrder ? 'True' : 'False'}, 'shape': ${shapeText}, }`;
  const unpadded = 10 + header.length + 1;
  header += ' '.repeat((64 - (unpadded % 64)) % 64) + '\n';
  const out = new Uint8Array(10 + header.length + body.length);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0, header.length & 0xff, header.length >> 8]);
  out.set(new TextEncoder().encode(header), 10);
  out.set(body, 10 + header.length);
  return out;
}

export function float64Bytes(values: readonly number[]): Uint8Array {
  return new Uint8Array(Float64Array.from(values).buffer);
}

export function int64Bytes(values: readonly number[]): Uint8Array {
  return new Uint8Array(BigInt64Array.from(values.map((value) => BigInt(value))).buffer);
}

/** An `.npz`: a zip of `<name>.npy` members, deflated like `np.savez_compressed` or stored like `np.savez`. */
export function npzBytes(members: Record<string, Uint8Array>, compressed = true): Uint8Array {
  const files: Record<string, [Uint8Array, { level: 0 | 6 }]> = {};
  for (const [name, content] of Object.entries(members)) files[`${name}.npy`] = [content, { level: compressed ? 6 : 0 }];
  return zipSync(files);
}

/** A big-endian IDX file of unsigned bytes, optionally gzipped. */
export function idxBytes(shape: readonly number[], data: Uint8Array, gzip = false): Uint8Array {
  const out = new Uint8Array(4 + 4 * shape.length + data.length);
  const view = new DataView(out.buffer);
  out.set([0, 0, 0x08, shape.length]);
  shape.forEach((dimension, axis) => {
    view.setUint32(4 + 4 * axis, dimension, false);
  });
  out.set(data, 4 + 4 * shape.length);
  return gzip ? gzipSync(out) : out;
}

/** A ustar archive of regular files, as `tar` writes it. */
export function tarBytes(files: Record<string, Uint8Array>): Uint8Array {
  const blocks: Uint8Array[] = [];
  for (const [name, content] of Object.entries(files)) {
    const header = new Uint8Array(512);
    const put = (text: string, offset: number) => header.set(new TextEncoder().encode(text), offset);
    put(name, 0);
    put('0000644\0', 100);
    put('0000000\0', 108);
    put('0000000\0', 116);
    put(`${content.length.toString(8).padStart(11, '0')}\0`, 124);
    put('00000000000\0', 136);
    put('        ', 148);
    put('0', 156);
    put('ustar\0', 257);
    put('00', 263);
    const sum = header.reduce((total, byte) => total + byte, 0);
    put(`${sum.toString(8).padStart(6, '0')}\0 `, 148);
    blocks.push(header);
    const padded = new Uint8Array(Math.ceil(content.length / 512) * 512);
    padded.set(content);
    blocks.push(padded);
  }
  blocks.push(new Uint8Array(1024));
  const out = new Uint8Array(blocks.reduce((total, block) => total + block.length, 0));
  let offset = 0;
  for (const block of blocks) {
    out.set(block, offset);
    offset += block.length;
  }
  return out;
}
