import fc from 'fast-check';
import { runs } from '../fuzz.js';
import { describe, expect, it } from 'vitest';
import { clean } from '../../src/core/text.js';
import { pushWrapped, truncate, widthOf, wrap } from '../../src/render/text/layout.js';

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

  it('wrap gives what word-by-word wrapping gives, for any text (short lines take a shortcut)', () => {
    const reference = (text: string, width: number, indent: string) => {
      const room = Math.max(20, width - widthOf(indent));
      const lines: string[] = [];
      let line = '';
      for (const word of clean(text).split(' ').filter(Boolean)) {
        if (line !== '' && widthOf(line) + 1 + widthOf(word) <= room) line += ` ${word}`;
        else {
          if (line !== '') lines.push(line);
          line = widthOf(word) <= room ? word : truncate(word, room);
        }
      }
      if (line !== '') lines.push(line);
      return lines;
    };
    const text = fc.array(fc.constantFrom('a', 'ż', ' ', '  ', '\t', '\n', '😀', 'word', '\u202e', 'x'.repeat(30)), { maxLength: 30 }).map((parts) => parts.join(''));
    fc.assert(fc.property(text, fc.integer({ min: 10, max: 90 }), fc.constantFrom('', '   ', '          '), (s, width, indent) => {
      expect(wrap(s, width, indent)).toEqual(reference(s, width, indent));
    }), { numRuns: runs(3000) });
  });

  it('pushWrapped adds the lines wrap gives, each after the indent and through the colour', () => {
    const text = fc.array(fc.constantFrom('a', 'ż', ' ', '  ', '\t', '😀', 'word', '\u202e', 'x'.repeat(30)), { maxLength: 30 }).map((parts) => parts.join(''));
    fc.assert(fc.property(text, fc.integer({ min: 10, max: 90 }), fc.constantFrom('', '   ', '          '), fc.boolean(), (s, width, indent, coloured) => {
      const colour = coloured ? (line: string) => `<${line}>` : undefined;
      const out: string[] = ['before'];
      pushWrapped(out, s, width, indent, colour);
      expect(out).toEqual(['before', ...wrap(s, width, indent).map((line) => indent + (colour ? colour(line) : line))]);
    }), { numRuns: runs(2000) });
  });
});
