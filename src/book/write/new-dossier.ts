// A new dossier: its id made from the client's name, its text, and the clients it may duplicate.
import slugify from '@sindresorhus/slugify';
import { foldForSearch } from '../../core/text.js';
import type { Dossier } from '../../core/model.js';
import { clientIdProblem } from '../read/file.js';
import { DOSSIER_MODELINE } from '../templates.js';
import { blockLines } from './text.js';
import { DOSSIER_KEY_ORDER } from './save.js';

// Legal forms that say nothing about which client it is (Polish, Baltic, Bulgarian, Russian, …),
// as they read once transliterated into id words.
const LEGAL_FORM = /(?:^|-)(?:sp-z-o-o|sp-zoo|sp-j|sp-k|s-a|s-c|sia|as|uab|ab|ooo|zao|oao|pao|ao|ip|eood|ood|ead|ad|et|ltd|llc|inc|plc|gmbh|ag|kg|bv|nv|oy|ou|sro|s-r-o|spa|srl|sarl|sa)$/;
const LEGAL_PREFIX = /^(?:ooo|zao|oao|pao|ao|ip|sia|uab|eood|ood|as)-/;

/** A readable id from a client's name: transliterated, lowercase, words joined by "-", legal form dropped. */
export function idFromName(name: string): string | undefined {
  let id = slugify(name.replace(/[«»"“”„']/g, ''), { decamelize: false });
  for (let previous = ''; previous !== id; ) {
    previous = id;
    const stripped = id.replace(LEGAL_FORM, '').replace(LEGAL_PREFIX, '');
    if (stripped !== '') id = stripped;
  }
  // (cut at a word's end; a single long word is cut at 64)
  if (id.length > 64) id = /-/.test(id.slice(0, 65)) ? id.slice(0, 65).replace(/-[^-]*$/, '') : id.slice(0, 64);
  return id !== '' && clientIdProblem(id) === undefined ? id : undefined;
}

/** The text of a new dossier: the schema modeline, then the keys in the usual order. */
export function dossierText(data: Record<string, unknown>): string {
  const ordered: Record<string, unknown> = {};
  for (const key of DOSSIER_KEY_ORDER) if (data[key] !== undefined) ordered[key] = data[key];
  for (const [key, value] of Object.entries(data)) if (!(key in ordered) && value !== undefined) ordered[key] = value;
  return `${DOSSIER_MODELINE}\n${blockLines(ordered, 0, undefined, true).join('\n')}\n`;
}

const digits = (phone: string) => phone.replace(/\D/g, '');
/** Phones compared by their last nine digits, so "+48 600 100 200" and "600-100-200" match. */
const samePhone = (a: string, b: string) => digits(a).length >= 7 && digits(a).slice(-9) === digits(b).slice(-9);
const nameKey = (name: string) => idFromName(name) ?? foldForSearch(name);

/** Existing clients that look like the new one: same phone, e-mail or name. */
export function likelyDuplicates(dossiers: readonly Dossier[], name: string, phone?: string, email?: string): { dossier: Dossier; why: string }[] {
  const found: { dossier: Dossier; why: string }[] = [];
  const key = nameKey(name);
  for (const dossier of dossiers) {
    const phones = dossier.contacts.map((c) => c.phone).filter((p): p is string => !!p);
    const emails = dossier.contacts.map((c) => c.email?.toLowerCase()).filter((e): e is string => !!e);
    if (phone && phones.some((p) => samePhone(p, phone))) found.push({ dossier, why: `same phone ${phone}` });
    else if (email && emails.includes(email.toLowerCase())) found.push({ dossier, why: `same e-mail ${email}` });
    else if (nameKey(dossier.name) === key) found.push({ dossier, why: 'same name' });
  }
  return found;
}
