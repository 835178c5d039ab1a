// Changing a dossier on disk: read it whole (with positions), refuse when it has errors, edit its
// text in place, check the result, and replace the file atomically unless it changed meanwhile.
// A plain file (most dossiers) is read, edited and checked by the plain reader alone; the general
// YAML readers (parse.ts with yaml-tree.ts, loaded only then) take every other file, and every problem
// to report with its position.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RefusedError } from '../cli/errors.js';
import type { Diagnostic } from '../core/diagnostics.js';
import type { Dossier } from '../core/model.js';
import { CLIENTS_DIR } from './discover.js';
import { fastText, plainDossier, type DossierContext } from './dossier-read.js';
import { clientIdProblem, readBookFile } from './load.js';
import { readPlainYaml } from './plain-yaml.js';
import { checkEdited, editText, EditError, type Edit, type SourceNode } from './yaml-edit.js';
import { writeFileAtomic } from './write.js';

/** Where a new top-level key of a dossier goes (the order of SPEC section 4). */
export const DOSSIER_KEY_ORDER = ['name', 'owner', 'stage', 'priority', 'tags', 'cadence', 'contacts', 'next', 'offer', 'cover', 'complaints', 'log', 'notes'];

/** A dossier as read for a change: its bytes (to notice a change on disk) and its parsed form. */
export interface DossierDraft {
  root: string;
  id: string;
  /** clients/<id>.yaml */
  file: string;
  bytes: Uint8Array;
  bom: boolean;
  /** Text without BOM, line ends as in the file (empty for a quick read by the general readers). */
  text: string;
  /** The nodes of the text with their source ranges, to edit (absent for a quick read). */
  tree?: SourceNode | null;
  /** The text's data, as read (what the edited text must read as, with the edits made). */
  data?: unknown;
  dossier: Dossier;
}

function located(problem: Diagnostic): string {
  return `${problem.file}:${problem.line}:${problem.column}: ${problem.message}`;
}

/** Refuses any write while git has unresolved conflicts in the book (`conflicts`: from unresolvedConflicts). */
export async function refuseDuringConflicts(conflicts: Promise<string[]>): Promise<void> {
  const conflicted = await conflicts;
  if (conflicted.length > 0) {
    const list = conflicted.slice(0, 5).join(', ') + (conflicted.length > 5 ? ', …' : '');
    throw new RefusedError(`the book has unresolved git conflicts (${list}); finish the merge first (\`git status\` shows how), nothing was written`);
  }
}

/**
 * Reads one dossier for a change; refuses one that does not parse or has errors. With `quick`,
 * a valid file is read by the fast parsers only (to show it or ask about it, not to edit it).
 */
export async function openDraft(root: string, id: string, context: DossierContext, quick = false): Promise<DossierDraft> {
  const file = `${CLIENTS_DIR}/${id}.yaml`;
  if (clientIdProblem(id) === undefined) {
    const { bytes } = readBookFile(root, file);
    const text = bytes ? fastText(bytes) : undefined;
    const plain = text === undefined ? undefined : quick ? plainDossier(id, file, text, context) : plainDossier(id, file, text, context, true);
    if (plain) {
      const draft: DossierDraft = { root, id, file, bytes: bytes!, bom: hasBom(bytes!), text: text!, data: plain.data, dossier: plain.dossier };
      if ('tree' in plain) draft.tree = plain.tree as SourceNode;
      return draft;
    }
  }
  // Anything else, and every problem with its position: the general readers.
  const { readDossier, sourceTree } = await import('./parse.js');
  const { entry, bytes } = readDossier(root, `${id}.yaml`, { ...context, fast: quick });
  const error = entry.problems.find((p) => p.severity === 'error');
  if (!bytes || !entry.dossier || error) {
    const why = error ? located(error) : `${entry.file}: cannot be read`;
    throw new RefusedError(`${why}\n${entry.file} must be fixed before tickler changes it; nothing was written (\`tickler validate ${entry.file}\` lists every problem)`);
  }
  const draft: DossierDraft = { root, id, file: entry.file, bytes, bom: hasBom(bytes), text: entry.yaml?.text ?? '', data: entry.data, dossier: entry.dossier };
  if (entry.yaml?.doc) draft.tree = sourceTree(entry.yaml.doc);
  return draft;
}

function hasBom(bytes: Uint8Array): boolean {
  return bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
}

export interface SaveOptions {
  /** Test seam: runs after the new text is ready and before the file is replaced. */
  beforeReplace?: () => void;
}

/**
 * Applies the edits to the draft's text and replaces the file. Refused, with the file untouched,
 * when the result would not be a valid dossier or when the file changed on disk since it was read.
 * Call inside withBookLockAsync. Returns the new text.
 */
export async function saveDraft(draft: DossierDraft, edits: readonly Edit[], context: DossierContext, options: SaveOptions = {}): Promise<string> {
  if (draft.tree === undefined) throw new Error(`${draft.file} was read quickly, not for editing`);
  let text: string;
  try {
    text = editText(draft.text, edits, { keyOrder: DOSSIER_KEY_ORDER }, draft.tree);
    const plain = readPlainYaml(text);
    checkEdited(text, draft.data, edits, plain ? () => plain.data : (await import('./parse.js')).readTextData);
  } catch (error) {
    if (error instanceof EditError) throw new RefusedError(`${draft.file}: cannot make this change without disturbing the rest of the file (${error.message}); nothing was written`);
    throw error;
  }
  const bytes = Buffer.from((draft.bom ? '\ufeff' : '') + text, 'utf8');
  const check = await firstError(draft, text, bytes, context);
  if (check) throw new RefusedError(`the change would leave ${draft.file} invalid (${check}); nothing was written`);
  const path = join(draft.root, draft.file);
  writeFileAtomic(path, bytes, {
    beforeReplace: () => {
      options.beforeReplace?.();
      if (!sameBytes(currentBytes(path), draft.bytes)) {
        throw new RefusedError(`${draft.file} changed on disk since tickler read it (an editor or a git pull?); nothing was written — run the command again`);
      }
    },
  });
  return text;
}

/** The first error the new content would have, if any (the plain reader vouches for most texts). */
async function firstError(draft: DossierDraft, text: string, bytes: Uint8Array, context: DossierContext): Promise<string | undefined> {
  if (plainDossier(draft.id, draft.file, text, context)) return undefined;
  const { parseDossierBytes } = await import('./parse.js');
  const error = parseDossierBytes(draft.id, bytes, context).find((p) => p.severity === 'error');
  return error ? `${error.line}:${error.column}: ${error.message}` : undefined;
}

function currentBytes(path: string): Uint8Array | undefined {
  try {
    return readFileSync(path);
  } catch {
    return undefined;
  }
}

export function sameBytes(a: Uint8Array | undefined, b: Uint8Array): boolean {
  return a !== undefined && Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(b);
}

/** Writes a new dossier; refuses to replace a file that exists. */
export function createDossier(root: string, id: string, text: string): string {
  const file = `${CLIENTS_DIR}/${id}.yaml`;
  const path = join(root, file);
  if (existsSync(path)) throw new RefusedError(`${file} already exists; nothing was written`);
  try {
    writeFileAtomic(path, text, { create: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw new RefusedError(`${file} already exists; nothing was written`);
    throw error;
  }
  return file;
}
