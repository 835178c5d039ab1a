// Small helpers for text that fits a terminal: display width, truncation and word wrap.
import { clean } from '../../core/text.js';

// (a high surrogate: the text has a pair to count as one)
const HIGH_SURROGATE = /[\ud800-\udbff]/;

/** Display width, counting each code point as one column (wide characters are rare in this data). */
export function widthOf(text: string): number {
  if (!HIGH_SURROGATE.test(text)) return text.length;
  let n = text.length;
  for (let i = 0; i < text.length - 1; i++) {
    const c = text.charCodeAt(i);
    // a surrogate pair is one code point
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        n--;
        i++;
      }
    }
  }
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

/** Digit groups written apart are one number, a phone number above all ("+48 600 100 200"). */
const NUMBER_END = /[\d)]$/;
const NUMBER_START = /^[\d(]/;
/** Longer runs of digit groups are text, and may break (a phone number is shorter). */
const LONGEST_NUMBER = 24;

/** The words, with digit groups that follow each other joined into one unbreakable word. */
function keepNumbersTogether(words: string[]): string[] {
  const kept: string[] = [];
  for (const word of words) {
    const last = kept.length - 1;
    if (last >= 0 && NUMBER_END.test(kept[last]!) && NUMBER_START.test(word) && kept[last]!.length + 1 + word.length <= LONGEST_NUMBER) kept[last] += ` ${word}`;
    else kept.push(word);
  }
  return kept;
}

/** Word-wraps one paragraph to `width`, every line after the first starting with `indent`. */
export function wrap(text: string, width: number, indent: string): string[] {
  const cleaned = clean(text);
  const room = Math.max(20, width - widthOf(indent));
  // most details fit on their line: no words to split when there is no space to squeeze
  if (cleaned.length <= room && !cleaned.includes('  ') && cleaned.charCodeAt(0) !== 32 && cleaned.charCodeAt(cleaned.length - 1) !== 32) return cleaned === '' ? [] : [cleaned];
  const words = keepNumbersTogether(cleaned.split(' ').filter(Boolean));
  const pairs = HIGH_SURROGATE.test(cleaned);
  const lines: string[] = [];
  let line = '';
  let lineWidth = 0;
  for (const word of words) {
    const wordWidth = pairs ? widthOf(word) : word.length;
    if (line !== '' && lineWidth + 1 + wordWidth <= room) {
      line += ` ${word}`;
      lineWidth += 1 + wordWidth;
      continue;
    }
    if (line !== '') lines.push(line);
    line = wordWidth <= room ? word : truncate(word, room);
    lineWidth = Math.min(wordWidth, room);
  }
  if (line !== '') lines.push(line);
  return lines;
}

/**
 * Adds the lines of `text` wrapped to `width` to `out`, each after `indent` (and through
 * `colour`): what wrap gives, without a list for the usual text that fits on its line.
 */
export function pushWrapped(out: string[], text: string, width: number, indent: string, colour?: (line: string) => string): void {
  const cleaned = clean(text);
  const room = Math.max(20, width - widthOf(indent));
  if (cleaned.length <= room && cleaned !== '' && !cleaned.includes('  ') && cleaned.charCodeAt(0) !== 32 && cleaned.charCodeAt(cleaned.length - 1) !== 32) {
    out.push(indent + (colour ? colour(cleaned) : cleaned));
    return;
  }
  for (const line of wrap(cleaned, width, indent)) out.push(indent + (colour ? colour(line) : line));
}
