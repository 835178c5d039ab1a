// Naming a client the way people do: by id, a unique id prefix, or a unique part of its name.
import { dossierFileNames, loadBook, type Book } from '../book/load.js';
import type { IsoDate } from '../core/dates.js';
import type { Dossier, Settings } from '../core/model.js';
import { foldForSearch } from '../core/text.js';
import { RefusedError, UsageError } from './errors.js';

/** The file names that a reference could mean, cheapest test first (no dossier read for an exact id). */
export function candidateFiles(root: string, reference: string): string[] | undefined {
  const names = dossierFileNames(root);
  const ref = reference.trim().toLowerCase();
  if (names.includes(`${ref}.yaml`)) return [`${ref}.yaml`];
  const prefixed = names.filter((n) => n.startsWith(ref));
  if (prefixed.length === 1) return prefixed;
  return undefined;
}

/** The one dossier a reference names; an ambiguous or unknown reference is refused with the candidates. */
export function findClient(book: Book, reference: string): Dossier {
  if (reference.trim() === '') throw new UsageError('name a client: its id, the start of its id, or part of its name');
  const ref = foldForSearch(reference.trim());
  const idRef = reference.trim().toLowerCase();
  const byId = book.entries.find((e) => e.id === idRef);
  if (byId) return dossierOrRefuse(byId.dossier, byId.file);
  const byPrefix = book.entries.filter((e) => e.id.startsWith(idRef));
  if (byPrefix.length === 1) return dossierOrRefuse(byPrefix[0]!.dossier, byPrefix[0]!.file);
  const byName = book.dossiers.filter((d) => foldForSearch(d.name).includes(ref));
  const matches = [...new Set([...byPrefix.map((e) => e.dossier).filter((d): d is Dossier => !!d), ...byName])];
  if (matches.length === 1) return matches[0]!;
  if (matches.length === 0) throw new RefusedError(`no client matches "${reference}"; \`tickler list --query ${JSON.stringify(reference)}\` searches more widely`);
  const list = matches
    .slice(0, 10)
    .map((d) => `  ${d.id}  ${d.name}`)
    .join('\n');
  throw new RefusedError(`"${reference}" matches ${matches.length} clients; name one by its id:\n${list}${matches.length > 10 ? '\n  …' : ''}`);
}

function dossierOrRefuse(dossier: Dossier | undefined, file: string): Dossier {
  if (!dossier) throw new RefusedError(`${file} has errors; \`tickler validate ${file}\` shows them`);
  return dossier;
}

/** Loads only what a reference needs: one file for an exact id or unique prefix, else the whole book. */
export async function loadForReference(root: string, reference: string, todayOf: (settings: Settings) => IsoDate): Promise<Book> {
  let only = candidateFiles(root, reference);
  if (!only) {
    // Found by name through the cache (short forms), then that one dossier read whole.
    const id = findClient(await loadBook(root, { fast: true, cache: true, todayOf }), reference).id;
    only = [`${id}.yaml`];
  }
  return loadBook(root, { fast: true, todayOf, only });
}
