import { describe, expect, it } from 'vitest';
import { matchAll } from '../image/decode-png.test-utils.js';
import { plotPredictions } from './predictions.js';

function bars(svg: string) {
  return matchAll(svg, /<rect x="([\d.]+)" y="[\d.]+" width="([\d.]+)" height="[\d.]+" fill="(#[0-9a-f]+)" class="bar" data-class="([^"]+)"/g).map(
    ([x, width, fill, name]) => ({
      x: Number(x),
      width: Number(width),
      fill,
      name,
    }),
  );
}

describe('plotPredictions', () => {
  it('draws one bar per class with length proportional to probability', () => {
    const svg = plotPredictions([0.1, 0.6, 0.3], { classNames: ['cat', 'dog', 'bird'] });
    const drawn = bars(svg);
    expect(drawn.map((bar) => bar.name)).toEqual(['cat', 'dog', 'bird']);
    expect((drawn[1]?.width ?? 0) / (drawn[0]?.width ?? 1)).toBeCloseTo(6, 1);
    expect((drawn[2]?.width ?? 0) / (drawn[0]?.width ?? 1)).toBeCloseTo(3, 1);
    expect(matchAll(svg, /class="bar-label"[^>]*>([^<]+)</g).map(([text]) => text)).toEqual(['10.0%', '60.0%', '30.0%']);
    expect(svg).toContain('Predicted: dog (60.0%)');
  });

  it('colours a wrong top prediction red and the true class blue', () => {
    const drawn = bars(plotPredictions([[0.1, 0.6, 0.3]], { trueLabel: 2 }));
    expect(drawn.map((bar) => bar.fill)).toEqual(['#a9b4c2', '#d62728', '#1f77b4']);
    expect(bars(plotPredictions([0.1, 0.6, 0.3], { trueLabel: 1 }))[1]?.fill).toBe('#2ca02c');
  });

  it('rejects mismatched class names and bad true labels', () => {
    expect(() => plotPredictions([0.5, 0.5], { classNames: ['a'] })).toThrow(/classNames has 1 names but probabilities has 2 classes/);
    expect(() => plotPredictions([0.5, 0.5], { trueLabel: 2 })).toThrow(/trueLabel must be an integer class index in \[0, 1\], got 2/);
    expect(() => plotPredictions([[0.5], [0.5, 0.2]] as never)).toThrow(/rectangular/);
  });
});
