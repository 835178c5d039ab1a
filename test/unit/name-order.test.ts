import fc from 'fast-check';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MEMO_LIMIT, RememberedNameOrder } from '../../src/book/name-order.js';
import { sealed, unsealed } from '../helpers.js';
import { nameCollator } from '../../src/core/agenda.js';
import type { Settings } from '../../src/core/model.js';

const roots: string[] = [];
const newRoot = () => {
  const root = mkdtempSync(join(tmpdir(), 'tickler-names-'));
  roots.push(root);
  return root;
};
afterEach(() => {
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
});

const settingsIn = (locale: string) => ({ locale }) as Settings;
const env = { LANG: 'C.UTF-8' };
const sign = (n: number) => Math.sign(n);
const usedCollator = (order: RememberedNameOrder) => (order as unknown as { collator?: Intl.Collator }).collator !== undefined;

// Names that collate in interesting ways: case, diacritics (equal at base strength), letters of
// their own (ł), Cyrillic, digits (numeric order), spaces and punctuation.
const name = fc.stringMatching(/^[aAąĄlłŁzżŹeęoóдДеёЁ0-9 .-]{0,6}$/);

describe('remembered name order', () => {
  it('answers as the collator does, run after run, whatever it remembered', () => {
    fc.assert(
      // runs that sort overlapping sets of names drawn from one pool
      fc.property(fc.constantFrom('pl', 'ru', 'en', 'lv'), fc.array(name, { minLength: 1, maxLength: 30 }), fc.array(fc.array(fc.nat(), { maxLength: 25 }), { minLength: 1, maxLength: 5 }), (locale, pool, runs) => {
        const root = newRoot();
        const settings = settingsIn(locale);
        const collator = nameCollator(settings);
        for (const picks of runs) {
          const names = picks.map((i) => pool[i % pool.length]!);
          const order = new RememberedNameOrder(root, settings, env);
          const sorted = [...names].sort((a, b) => order.compare(a, b));
          for (const a of names) for (const b of names) if (sign(order.compare(a, b)) !== sign(collator.compare(a, b))) return false;
          const expected = [...names].sort((a, b) => collator.compare(a, b));
          if (sorted.some((n, i) => collator.compare(n, expected[i]!) !== 0)) return false;
          order.save();
        }
        return true;
      }),
      { numRuns: 60 },
    );
  });

  it('needs no collator for names it remembers, and then writes nothing', () => {
    const root = newRoot();
    const settings = settingsIn('pl');
    const names = ['Żaneta', 'zofia', 'Łukasz', 'Lech', 'Anna', 'ANNA', 'Ąbc', 'Дмитрий', 'item 10', 'item 9'];
    const first = new RememberedNameOrder(root, settings, env);
    names.sort((a, b) => first.compare(a, b));
    expect(usedCollator(first)).toBe(true);
    first.save();
    const memo = join(root, '.tickler', 'names.json');
    const written = statSync(memo).mtimeMs;

    const second = new RememberedNameOrder(root, settings, env);
    const again = [...names].reverse().sort((a, b) => second.compare(a, b));
    expect(usedCollator(second)).toBe(false);
    expect(again.map((n) => n.toLowerCase())).toEqual(names.map((n) => n.toLowerCase()));
    second.save();
    expect(statSync(memo).mtimeMs).toBe(written);

    // an unknown name brings the collator back, and is remembered
    const third = new RememberedNameOrder(root, settings, env);
    expect(sign(third.compare('Łucja', 'Lech'))).toBe(1);
    expect(usedCollator(third)).toBe(true);
    third.save();
    expect(JSON.parse(unsealed(memo).toString()).groups.flat()).toContain('Łucja');
  });

  it('ignores a memo made for another locale, a garbled one, and one naming a name twice', () => {
    const root = newRoot();
    const first = new RememberedNameOrder(root, settingsIn('pl'), env);
    first.compare('Łukasz', 'Lech');
    first.save();
    const other = new RememberedNameOrder(root, settingsIn('en'), env);
    other.compare('Łukasz', 'Lech');
    expect(usedCollator(other)).toBe(true);
    const otherLang = new RememberedNameOrder(root, settingsIn('pl'), { LANG: 'pl_PL.UTF-8' });
    otherLang.compare('Łukasz', 'Lech');
    expect(usedCollator(otherLang)).toBe(true);

    const memo = join(root, '.tickler', 'names.json');
    const key = JSON.parse(unsealed(memo).toString()).key;
    for (const text of ['{', JSON.stringify({ key, groups: [['Lech'], 3] }), JSON.stringify({ key, groups: [['Lech'], ['Łukasz', 'Lech']] })]) {
      writeFileSync(memo, sealed(text));
      const order = new RememberedNameOrder(root, settingsIn('pl'), env);
      expect(sign(order.compare('Łukasz', 'Lech'))).toBe(1);
      expect(usedCollator(order)).toBe(true);
    }
  });

  it('starts over rather than grow past its limit', () => {
    const root = newRoot();
    const settings = settingsIn('en');
    const many = Array.from({ length: MEMO_LIMIT }, (_, i) => `client ${i}`);
    const first = new RememberedNameOrder(root, settings, env);
    many.sort((a, b) => first.compare(a, b));
    first.save();
    const second = new RememberedNameOrder(root, settings, env);
    expect(sign(second.compare('zeta', 'alpha'))).toBe(1);
    second.save();
    const groups = JSON.parse(unsealed(join(root, '.tickler', 'names.json')).toString()).groups as string[][];
    expect(groups).toEqual([['alpha'], ['zeta']]);
  });
});
