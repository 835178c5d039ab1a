// The merge of one dossier (SPEC 6.15): the driver alone on fixture triples (test/fixtures/merge:
// base, ours, theirs and the expected result, with a CASE.md saying why), then properties of the
// merge on random pairs of edits: no log entry lost or duplicated, the log in time order, the same
// entries whichever side is "ours", and the edits make our side the merge.
import { copyFileSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { mergeDossierFiles } from '../../src/book/merge.js';
import { dossierContext, parseDossier } from '../../src/book/read/dossier.js';
import { parseYamlText } from '../../src/book/read/yaml.js';
import { applyEditsToData, type Edit } from '../../src/book/write/edit.js';
import { applyEdits } from '../../src/book/write/tree.js';
import { DOSSIER_KEY_ORDER } from '../../src/book/write/save.js';
import { mergeDossierData } from '../../src/core/merge.js';
import { settingsFrom } from '../../src/core/settings.js';
import { runs } from '../fuzz.js';
import { ROOT } from '../helpers.js';

const CASES = join(ROOT, 'test', 'fixtures', 'merge');

describe('the merge driver on fixture triples', () => {
  for (const name of readdirSync(CASES).sort()) {
    const dir = join(CASES, name);
    const conflict = readFileSync(join(dir, 'CASE.md'), 'utf8').startsWith('CONFLICT');
    it(`${name}${conflict ? ' (a conflict)' : ''}`, async () => {
      const work = mkdtempSync(join(tmpdir(), 'tickler-merge-'));
      for (const [from, to] of [['base.yaml', 'O'], ['ours.yaml', 'A'], ['theirs.yaml', 'B']]) copyFileSync(join(dir, from!), join(work, to!));
      const outcome = await mergeDossierFiles({ base: join(work, 'O'), ours: join(work, 'A'), theirs: join(work, 'B'), markerSize: 7, path: `clients/${name}.yaml`, cwd: work });
      expect(outcome.code).toBe(conflict ? 1 : 0);
      expect(outcome.reasons.length > 0).toBe(conflict);
      expect(readFileSync(join(work, 'A'), 'utf8')).toBe(readFileSync(join(dir, 'expected.yaml'), 'utf8'));
    });
  }
});

// ---------------------------------------------------------------------------------------------
// Properties over random pairs of edits.

type Entry = Record<string, unknown>;
type Data = Record<string, unknown>;

const minute = (n: number) => new Date(Date.UTC(2026, 10, 20, 8, 0) + n * 60_000).toISOString().replace(/:00\.000Z$/, 'Z');
const entryArb = (from: number) =>
  fc.record({
    at: fc.integer({ min: from, max: from + 3000 }).map(minute),
    by: fc.constantFrom('alice', 'bob'),
    outcome: fc.constantFrom('reached', 'no-answer', 'callback'),
    summary: fc.constantFrom('call', 'price', 'volumes', 'a: b', '#1'),
  });

/** One side's edits of the base: new entries (any time after the base's), maybe a new next or stage. */
const sideArb = fc.record({
  entries: fc.array(entryArb(100), { maxLength: 4 }),
  next: fc.option(fc.constantFrom('2026-11-25', '2026-11-30', '2026-12-02'), { nil: undefined }),
  stage: fc.option(fc.constantFrom('negotiation', 'contract', 'lost'), { nil: undefined }),
  resolve: fc.boolean(),
});

const BASE: Data = {
  name: 'Acme',
  owner: 'alice',
  stage: 'lead',
  next: { date: '2026-11-24', action: 'call' },
  complaints: [{ opened: '2026-11-10', summary: 'Late' }],
  log: [0, 30, 60].map((n, i) => ({ at: minute(n), by: 'alice', outcome: 'reached', summary: `old ${i}` })),
};

function sideOf(edit: typeof sideArb extends fc.Arbitrary<infer T> ? T : never, who: string): Data {
  const data = structuredClone(BASE) as Data & { log: Entry[]; complaints: Entry[] };
  const added = [...edit.entries].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  data.log.push(...added);
  if (edit.next) data.next = { date: edit.next, action: 'call' };
  if (edit.stage) data.stage = edit.stage;
  if (edit.resolve) data.complaints[0] = { ...data.complaints[0], resolved: '2026-11-23', resolution: `by ${who}` };
  return data;
}

const key = (e: Entry) => JSON.stringify(Object.entries(e).sort());
const context = dossierContext(settingsFrom({ team: { alice: {}, bob: {} }, stages: ['lead', 'negotiation', 'contract', 'lost'], 'closed-stages': ['lost'] }));

describe('properties of the merge', () => {
  it('no entry lost or duplicated, time order, the same entries whichever side is ours, and the edits make our file the merge', () => {
    fc.assert(
      fc.property(sideArb, sideArb, (a, b) => {
        const ours = sideOf(a, 'alice');
        const theirs = sideOf(b, 'bob');
        const one = mergeDossierData(BASE, ours, theirs);
        const other = mergeDossierData(BASE, theirs, ours);
        expect(one.conflicts.length > 0).toBe(other.conflicts.length > 0);
        if (one.conflicts.length > 0) return;
        const log = one.merged.log as Entry[];
        // Every entry of either side is there, once (the same entry added on both sides counts once).
        const wanted = new Map<string, number>();
        for (const side of [ours, theirs]) {
          const counts = new Map<string, number>();
          for (const e of side.log as Entry[]) counts.set(key(e), (counts.get(key(e)) ?? 0) + 1);
          for (const [k, n] of counts) wanted.set(k, Math.max(wanted.get(k) ?? 0, n));
        }
        const got = new Map<string, number>();
        for (const e of log) got.set(key(e), (got.get(key(e)) ?? 0) + 1);
        expect(got).toEqual(wanted);
        for (let i = 1; i < log.length; i++) expect(Date.parse(String(log[i]!.at))).toBeGreaterThanOrEqual(Date.parse(String(log[i - 1]!.at)));
        // The same entries and the same next, whichever side is ours.
        expect([...(other.merged.log as Entry[])].map(key).sort()).toEqual(log.map(key).sort());
        expect(other.merged.next).toEqual(one.merged.next);
        // The edits make our data (and our file) the merge, and the merge is a valid dossier.
        expect(applyEditsToData(ours, one.edits as Edit[])).toEqual(one.merged);
        const text = applyEdits(stringify(ours), one.edits as Edit[], { keyOrder: DOSSIER_KEY_ORDER });
        expect(parseYamlText(text).toJS()).toEqual(one.merged);
        const parsed = parseDossier('acme', Buffer.from(text), context);
        expect(parsed.problems.filter((p) => p.severity === 'error')).toEqual([]);
      }),
      { numRuns: runs(400) },
    );
  });

  it('settles different next dates by the later newest entry, and conflicts only on a tie', () => {
    const later = sideOf({ entries: [{ at: minute(500), by: 'bob', outcome: 'reached', summary: 'call' }], next: '2026-12-02', stage: undefined, resolve: false }, 'bob');
    const earlier = sideOf({ entries: [{ at: minute(400), by: 'alice', outcome: 'reached', summary: 'price' }], next: '2026-11-30', stage: undefined, resolve: false }, 'alice');
    expect(mergeDossierData(BASE, earlier, later).merged.next).toEqual({ date: '2026-12-02', action: 'call' });
    expect(mergeDossierData(BASE, later, earlier).merged.next).toEqual({ date: '2026-12-02', action: 'call' });
    const tie = sideOf({ entries: [{ at: minute(500), by: 'alice', outcome: 'reached', summary: 'volumes' }], next: '2026-11-30', stage: undefined, resolve: false }, 'alice');
    expect(mergeDossierData(BASE, tie, later).conflicts).toEqual(['`next` changed on both sides']);
  });
});
