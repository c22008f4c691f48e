import { mulberry32 } from '@keras-ts/core/internal';

/** Deterministic uniform generator in [0, 1) (core's mulberry32), so every backend sees the same inputs. */
export const seededRandom = mulberry32;

/** A stable 32-bit seed from a case name (FNV-1a). */
export function seedFromName(name: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) {
    hash ^= name.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}
