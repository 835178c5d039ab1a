// Naming a client the way people do: by id, a unique id prefix, or a unique part of its name.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Dossier } from '../core/model.js';
import { clean, foldForSearch } from '../core/text.js';
import { padEnd, truncate, widthOf } from '../render/text/layout.js';
import { clientIdProblem, dossierFile } from '../book/read/file.js';
import { dossierNames, type Store } from '../book/store.js';
import { RefusedError, UsageError } from '../errors.js';

/** The id of the one client a reference names; an ambiguous or unknown reference is refused with the candidates. */
export async function findClient(store: Store, reference: string): Promise<string> {
  const ref = reference.trim();
  if (ref === '') throw new UsageError('name a client: its id, the start of its id, or part of its name');
  // The cheapest first: an exact id or a unique prefix needs no dossier read.
  const idRef = ref.toLowerCase();
  if (clientIdProblem(idRef) === undefined && existsSync(join(store.root, dossierFile(idRef)))) return idRef;
  const prefixed = dossierNames(store.root)
    .filter((name) => name.startsWith(idRef))
    .map((name) => name.slice(0, -'.yaml'.length));
  if (prefixed.length === 1) return prefixed[0]!;
  const folded = foldForSearch(ref);
  const summaries = await store.summaries();
  const dossiers = summaries.flatMap((s) => (s.dossier ? [s.dossier] : []));
  const byPrefix = dossiers.filter((d) => prefixed.includes(d.id));
  const matches: Dossier[] = [...new Set([...byPrefix, ...dossiers.filter((d) => foldForSearch(d.name).includes(folded))])];
  if (matches.length === 1) return matches[0]!.id;
  if (matches.length === 0) throw new RefusedError(`no client matches "${reference}"; \`tickler list --query ${JSON.stringify(reference)}\` searches more widely`);
  // In columns: the id to type, the name, the owner.
  const shown = matches.slice(0, 10);
  const idWidth = Math.max(...shown.map((d) => widthOf(d.id)));
  const nameWidth = Math.min(Math.max(...shown.map((d) => widthOf(clean(d.name)))), Math.max(20, 76 - idWidth - 14));
  const list = shown
    .map((d) => `  ${padEnd(d.id, idWidth)}  ${padEnd(truncate(clean(d.name), nameWidth), nameWidth)}  ${d.owner ? clean(d.owner) : ''}`.trimEnd())
    .join('\n');
  throw new RefusedError(`"${reference}" matches ${matches.length} clients; name one by its id:\n${list}${matches.length > 10 ? `\n  … and ${matches.length - 10} more` : ''}`);
}
