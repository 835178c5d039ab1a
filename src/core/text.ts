// Text from the book is data, never terminal control: control characters, bidi overrides and
// other invisible format characters are made visible before anything reaches the output.

// C0 and C1 controls (tab and newline handled separately), DEL, bidi embeddings/overrides/isolates,
// marks, zero-width characters, line/paragraph separators and a stray BOM.
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff]/gu;

// Anything clean() changes (one test, so that the usual clean text is returned as it is).
const NEEDS_CLEANING = /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff]/u;

/** What passes for an e-mail address typed into a dossier (add, import): one address, a dot in its domain. */
export const EMAIL_SHAPE = /^[^\s@<>(),;:"]+@[^\s@<>(),;:"]+\.[^\s@<>(),;:"]+$/;

/** One-line display form of a value from the book. */
export function clean(text: string): string {
  if (!NEEDS_CLEANING.test(text)) return text;
  return text.replace(/[\t\n\r]+/g, ' ').replace(UNSAFE, '\ufffd');
}

/** Multi-line display form: keeps line breaks, neutralises the rest. */
export function cleanBlock(text: string): string {
  return text.replace(/\r\n?/g, '\n').replace(/\t/g, '  ').replace(UNSAFE, '\ufffd');
}

/** JSON with every unsafe character escaped as \uXXXX: the same data, no raw control bytes. */
export function safeJson(value: unknown): string {
  return JSON.stringify(value, null, 2).replace(UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Lowercase without accents, so "lodz" finds "Łódź". */
export function foldForSearch(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/\u0142/gi, 'l') // ł and Ł (as an escape: the bundles stay ASCII, which node reads faster)
    .toLowerCase();
}
