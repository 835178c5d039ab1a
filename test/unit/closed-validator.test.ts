// The one-pass validators (for books without fields or forms of their own, and for books with them)
// say yes exactly when the shape validator and the unknown-key walker both do.
import { basename } from 'node:path';
import fc from 'fast-check';
import { runs } from '../fuzz.js';
import { describe, expect, it } from 'vitest';
import { readYaml } from '../../src/book/read/yaml.js';
import { dossierContext, shapeAndKeysFit } from '../../src/book/read/dossier.js';
import { effectiveDossierSchema } from '../../src/book/read/schema.js';
import { unknownKeyFindings } from '../../src/book/read/schema-errors.js';
import { settingsFrom } from '../../src/core/settings.js';
import { validateDossier, validateDossierClosed } from '../../src/generated/validators.js';
import { fixtureYamlFiles } from '../helpers.js';

const schema = effectiveDossierSchema(settingsFrom({}));
const twoStep = (data: unknown) => validateDossier(data) && unknownKeyFindings(schema, data).length === 0;

function dossiers(): unknown[] {
  const found: unknown[] = [];
  for (const { path, text } of fixtureYamlFiles(true)) {
    const yaml = readYaml(basename(path), Buffer.from(text, 'utf8'));
    const data: unknown = yaml.doc && yaml.problems.every((p) => p.severity !== 'error') ? yaml.doc.toJS() : undefined;
    // (mappings only: the hostile corpus has empty files, lists and plain text too)
    if (data !== null && typeof data === 'object' && !Array.isArray(data)) found.push(data);
  }
  return found;
}

/** The objects inside a value, with the value itself first. */
function objectsOf(value: unknown): Record<string, unknown>[] {
  if (value === null || typeof value !== 'object') return [];
  const own = Array.isArray(value) ? [] : [value as Record<string, unknown>];
  return [...own, ...Object.values(value as object).flatMap(objectsOf)];
}

/** A copy of `sample` with key `k` of its n-th object removed, or set to `v`. */
function mutated(sample: unknown, n: number, k: string, v: unknown, remove: boolean): Record<string, unknown> {
  const data = structuredClone(sample) as Record<string, unknown>;
  const targets = objectsOf(data);
  const target = targets[n % targets.length]!;
  if (remove) delete target[k];
  else target[k] = v;
  return data;
}

describe('the closed dossier validator', () => {
  const samples = dossiers();

  it('agrees on every fixture dossier', () => {
    expect(samples.length).toBeGreaterThan(20);
    for (const data of samples) expect(validateDossierClosed(data)).toBe(twoStep(data));
    expect(samples.filter((d) => validateDossierClosed(d)).length).toBeGreaterThan(10);
  });

  it('agrees on dossiers with keys added, removed or retyped anywhere, forms included', () => {
    const key = fc.constantFrom('name', 'nxt', 'date', 'forms', 'visit', 'x', 'phone', 'until', 'note', 'summary', 'extra-field');
    const value = fc.oneof(fc.constant(null), fc.string({ maxLength: 5 }), fc.integer(), fc.constant({}), fc.constant({ visit: { rating: 3 } }), fc.constant([]), fc.constant(['a']));
    fc.assert(
      fc.property(fc.constantFrom(...samples), fc.nat(), key, value, fc.boolean(), (sample, n, k, v, remove) => {
        const data = mutated(sample, n, k, v, remove);
        // forms under a log entry: a book without forms knows none
        const log = data.log as Record<string, unknown>[] | undefined;
        if (Array.isArray(log) && log[0] && typeof log[0] === 'object' && n % 3 === 0) log[0].forms = n % 2 === 0 ? {} : { visit: { rating: 3 } };
        expect(validateDossierClosed(data)).toBe(twoStep(data));
      }),
      { numRuns: runs(3000) },
    );
  });

  it('for a book with fields and forms of its own, agrees with the two steps over that book\'s schema', () => {
    const settings = settingsFrom({
      fields: { segment: { enum: ['smb', 'mid'] }, region: { type: 'object', properties: { city: { type: 'string' } }, additionalProperties: false }, notes: { type: 'string' } },
      forms: { visit: { rating: { type: 'number' } } },
    });
    const context = dossierContext(settings);
    const own = (data: unknown) => validateDossier(data) && unknownKeyFindings(context.schema, data).length === 0;
    const key = fc.constantFrom('name', 'nxt', 'segment', 'region', 'city', 'forms', 'visit', 'rating', 'x', 'phone', 'note', 'notes');
    const value = fc.oneof(fc.constant(null), fc.constant('smb'), fc.string({ maxLength: 5 }), fc.integer(), fc.constant({}), fc.constant({ city: 'Riga' }), fc.constant({ town: 'Riga' }), fc.constant({ visit: { rating: 3 } }), fc.constant({ visit: { mood: 3 } }), fc.constant([]));
    let fits = 0;
    fc.assert(
      fc.property(fc.constantFrom(...samples), fc.nat(), key, value, fc.boolean(), (sample, n, k, v, remove) => {
        const data = mutated(sample, n, k, v, remove);
        if (n % 4 === 0) data.segment = n % 8 === 0 ? 'mid' : { a: 1 };
        const log = data.log as Record<string, unknown>[] | undefined;
        if (Array.isArray(log) && log[0] && typeof log[0] === 'object' && n % 3 === 0) log[0].forms = n % 2 === 0 ? { visit: { rating: 3 } } : { call: {} };
        const fit = shapeAndKeysFit(data as Record<string, unknown>, context);
        if (fit) fits++;
        expect(fit).toBe(own(data));
      }),
      { numRuns: runs(3000) },
    );
    expect(fits).toBeGreaterThan(300);
  });
});
