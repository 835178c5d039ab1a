// Small helpers for text that fits a terminal: display width, truncation and word wrap.
import { clean } from '../core/text.js';

/** Display width, counting each code point as one column (wide characters are rare in this data). */
export function widthOf(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

export function truncate(text: string, width: number): string {
  if (widthOf(text) <= width) return text;
  if (width <= 1) return '…'.slice(0, width);
  return [...text].slice(0, width - 1).join('') + '…';
}

export function padEnd(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - widthOf(text)));
}

/** Word-wraps one paragraph to `width`, every line after the first starting with `indent`. */
export function wrap(text: string, width: number, indent: string): string[] {
  const words = clean(text).split(' ').filter(Boolean);
  const lines: string[] = [];
  let line = '';
  const room = Math.max(20, width - widthOf(indent));
  for (const word of words) {
    if (line === '') line = truncate(word, room);
    else if (widthOf(line) + 1 + widthOf(word) <= room) line += ` ${word}`;
    else {
      lines.push(line);
      line = truncate(word, room);
    }
  }
  if (line !== '') lines.push(line);
  return lines;
}
