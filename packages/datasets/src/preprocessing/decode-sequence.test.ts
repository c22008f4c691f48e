import { describe, expect, it } from 'vitest';
import { decodeSequence } from './decode-sequence.js';

describe('decodeSequence', () => {
  const wordIndex = { the: 1, movie: 2, was: 3, great: 4 };

  it("maps i to the word of index i - 3 and reserved or unknown indices to '?'", () => {
    // 1 = start, 2 = oov, 0 = padding; 4 → 'the', 7 → 'great', 99 → no word.
    expect(decodeSequence([1, 4, 5, 6, 7, 2, 0, 99], wordIndex)).toBe('? the movie was great ? ? ?');
  });

  it('follows a custom indexFrom, placeholder and separator', () => {
    expect(decodeSequence([0, 1, 4], wordIndex, { indexFrom: 0, unknown: '[UNK]', separator: '|' })).toBe('[UNK]|the|great');
    expect(() => decodeSequence([1], wordIndex, { indexFrom: -1 })).toThrow(/indexFrom must be a non-negative integer, got -1/);
  });
});
