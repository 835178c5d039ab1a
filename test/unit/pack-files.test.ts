// Files read on a worker thread come back packed as index rows; unpacked, they are the same files.
// The summaries file holds each summary where its row says.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { freshFile, packFiles, SummaryWriter, unpackFiles, type FreshFile } from '../../src/book/cache.js';
import { settingsFrom } from '../../src/book/settings.js';
import type { Dossier } from '../../src/core/model.js';
import { parsePeriod } from '../../src/core/dates.js';

const settings = settingsFrom({ team: { alice: {}, bob: {}, carol: {} }, stages: ['lead', 'won', 'lost'], 'closed-stages': ['lost'] });
const written = { name: 'summaries-abc.jsonl', size: 1000 };

const dossier = fc.record({
  owner: fc.constantFrom(undefined, 'alice', 'bob', 'Zoë'),
  stage: fc.constantFrom(undefined, 'lead', 'lost'),
  next: fc.constantFrom(undefined, '2026-11-23', '0999-01-05', '2030-12-31'),
  cadence: fc.constantFrom(undefined, '2w', '10wd'),
  last: fc.constantFrom(undefined, '2026-10-01T10:00+01:00'),
  cover: fc.constantFrom(undefined, { by: 'carol', until: '2026-12-01' }, { by: 'bob', until: '2026-02-30' }),
  complaints: fc.array(fc.record({ due: fc.constantFrom(undefined, '2026-11-20', '2026-12-05'), resolved: fc.constantFrom(undefined, '2026-11-21') }), { maxLength: 3 }),
  // (up to 8 distinct contact keys: more than a row's slots, which then come as extras)
  contacts: fc.array(fc.record({ birthday: fc.constantFrom(undefined, '1970-01-05', '--02-29', '1980-12-31', '1990-02-30'), phone: fc.constantFrom(undefined, '+48 600 100 200', '12', '+48 600 100 201', '+359 88 123 4567', '+371 2 123 4567'), email: fc.constantFrom(undefined, 'a@b.c', 'X@Y.Z', 'd@e.f', 'g@h.i') }), { maxLength: 6 }),
});

type Spec = typeof dossier extends fc.Arbitrary<infer T> ? T : never;

function fileOf(spec: Spec, n: number, valid: boolean, stored: boolean, wanted: boolean): FreshFile {
  const d: Dossier = {
    id: `c${n}`, file: `clients/c${n}.yaml`, name: `C ${n}`, priority: 'normal', tags: [], extra: {},
    contacts: spec.contacts.map((c, i) => ({ name: `P${i}`, ...(c.birthday ? { birthday: c.birthday } : {}), ...(c.phone ? { phone: c.phone } : {}), ...(c.email ? { email: c.email } : {}) })),
    complaints: spec.complaints.map((c) => ({ opened: '2026-11-01', summary: 's', ...(c.due ? { due: c.due } : {}), ...(c.resolved ? { resolved: c.resolved } : {}) })),
    log: spec.last ? [{ at: spec.last, outcome: 'reached' }] : [],
    ...(spec.owner ? { owner: spec.owner } : {}),
    ...(spec.stage ? { stage: spec.stage } : {}),
    ...(spec.next ? { next: { date: spec.next } } : {}),
    ...(spec.cadence ? { cadence: parsePeriod(spec.cadence)! } : {}),
    ...(spec.cover ? { cover: spec.cover } : {}),
  };
  const file = freshFile(`c${n}.yaml`, [100 + n, 1_700_000_000_123.5 + n, 7 + n, 1_700_000_001_000.25], settings, valid ? d : undefined, valid ? [] : [{ file: 'x', line: 1, column: 1, severity: 'error', rule: 'r', message: 'm' }], n % 2 === 0);
  if (stored) file.stored = { name: written.name, offset: n * 10, length: 9, sum: (0x9e3779b9 ^ n) >>> 0 };
  if (stored && !wanted) file.summary = '';
  return file;
}

describe('packed files', () => {
  it('unpack to the files that were packed, names not a plain file included', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(dossier, fc.boolean(), fc.boolean(), fc.boolean(), fc.boolean()), { maxLength: 12 }), (specs) => {
        const files = specs.map(([spec, valid, stored, wanted, missing], n) => (missing ? null : fileOf(spec, n, valid, stored, wanted)));
        const names = specs.map((_, n) => `c${n}.yaml`);
        expect(unpackFiles(names, packFiles(files, written), written)).toEqual(files);
      }),
      { numRuns: 500 },
    );
  });
});

describe('the summaries file', () => {
  it('holds every summary at the place add() gave, across flushes and for summaries bigger than its buffer', () => {
    const summary = fc.oneof(
      { arbitrary: fc.string({ unit: 'grapheme', maxLength: 300 }), weight: 20 },
      { arbitrary: fc.tuple(fc.constantFrom('a', 'ł', '😀', 'Ж'), fc.integer({ min: 200_000, max: 700_000 })).map(([c, n]) => c.repeat(n)), weight: 1 },
    );
    fc.assert(
      fc.property(fc.array(summary, { minLength: 1, maxLength: 60 }), (texts) => {
        const dir = mkdtempSync(join(tmpdir(), 'tickler-summaries-'));
        try {
          const writer = new SummaryWriter(dir);
          const places = texts.map((text, i) => writer.add(i % 7 === 3 ? Buffer.from(text, 'utf8') : text));
          const file = writer.close()!;
          const bytes = readFileSync(join(dir, file.name));
          expect(bytes.length).toBe(file.size);
          texts.forEach((text, i) => {
            const place = places[i]!;
            expect(bytes.subarray(place.offset, place.offset + place.length).toString('utf8')).toBe(text);
            expect(bytes[place.offset + place.length]).toBe(0x0a);
          });
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      }),
      { numRuns: 40 },
    );
  });
});
