// CRC-32 as zip and gzip use it (IEEE 802.3, reflected polynomial 0xEDB88320), table-driven.

const TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let value = n;
    for (let bit = 0; bit < 8; bit++) value = value & 1 ? 0xedb88320 ^ (value >>> 1) : value >>> 1;
    table[n] = value >>> 0;
  }
  return table;
})();

/** Incremental CRC-32: feed chunks with {@link Crc32.update}, read {@link Crc32.value}. */
export class Crc32 {
  private state = 0xffffffff;

  /** Adds `bytes` to the checksum. */
  update(bytes: Uint8Array): void {
    let state = this.state;
    for (let i = 0; i < bytes.length; i++) state = (TABLE[(state ^ (bytes[i] as number)) & 0xff] as number) ^ (state >>> 8);
    this.state = state;
  }

  /** The checksum of everything fed so far, as an unsigned 32-bit number. */
  get value(): number {
    return (this.state ^ 0xffffffff) >>> 0;
  }
}

/** The CRC-32 of `bytes`. */
export function crc32(bytes: Uint8Array): number {
  const crc = new Crc32();
  crc.update(bytes);
  return crc.value;
}
