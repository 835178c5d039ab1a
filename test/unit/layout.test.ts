import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { widthOf, wrap } from '../../src/render/layout.js';

describe('layout', () => {
  it('widthOf counts code points (a surrogate pair is one, a lone surrogate one too)', () => {
    expect(widthOf('')).toBe(0);
    expect(widthOf('Łódź 😀')).toBe(6);
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (s) => widthOf(s) === [...s].length));
  });

  it('wrap keeps every word, in order, and no line is wider than the room', () => {
    const word = fc.stringMatching(/^[a-zA-Zżółćęśąźń]{1,30}$/);
    fc.assert(
      fc.property(fc.array(word, { maxLength: 40 }), fc.integer({ min: 20, max: 100 }), (words, width) => {
        const lines = wrap(words.join(' '), width, '   ');
        const room = Math.max(20, width - 3);
        return lines.every((l) => widthOf(l) <= room) && lines.join(' ') === words.join(' ');
      }),
    );
  });
});
