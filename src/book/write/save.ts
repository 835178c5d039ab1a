// Changing dossiers on disk: each is read whole (with positions) under the book's lock and
// refused when it has errors; the change is made to its text in place (edit.ts), the result is
// read back and checked, and only then is the file replaced, atomically, unless it changed on
// disk meanwhile. Several dossiers changed together are all checked before the first is written.
import { existsSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { RefusedError, faultText } from '../../errors.js';
import type { DossierContext, EditableDossier } from '../read/dossier.js';
import { CLIENTS_DIR, MAX_FILE_BYTES, dossierFile, readBookFile } from '../read/file.js';
import { unresolvedConflicts } from '../git.js';
import { createFileAtomic, syncDirectory, writeFileAtomic } from './atomic.js';
import { checkEdited, editText, EditError, type Edit } from './edit.js';
import { withBookLock } from './lock.js';

/** Where a new top-level key of a dossier goes (the order of SPEC section 4). */
export const DOSSIER_KEY_ORDER = ['name', 'owner', 'stage', 'priority', 'tags', 'cadence', 'contacts', 'next', 'offer', 'cover', 'complaints', 'log', 'notes'];

/** The edits to make to each dossier (by id; none: that file is not written), and what the change returns. */
export interface Change<T> {
  edits: ReadonlyMap<string, readonly Edit[]>;
  result: T;
}

/** Refuses any write while git has unresolved conflicts in the book. */
export async function refuseDuringConflicts(root: string): Promise<void> {
  const conflicted = await unresolvedConflicts(root);
  if (conflicted.length > 0) {
    const list = conflicted.slice(0, 5).join(', ') + (conflicted.length > 5 ? ', …' : '');
    throw new RefusedError(`the book has unresolved git conflicts (${list}); finish the merge first (\`git status\` shows how), nothing was written`);
  }
}

/** Reads one dossier for a change; refuses one that cannot be read, does not parse or has errors. */
export async function readForEdit(root: string, id: string, context: DossierContext): Promise<EditableDossier> {
  const { isEditable, parseDossierForEdit } = await import('../read/readers.js');
  const file = dossierFile(id);
  const read = readBookFile(root, file);
  const parsed = read.bytes ? parseDossierForEdit(id, read.bytes, context) : undefined;
  const error = read.problem ?? parsed?.problems.find((p) => p.severity === 'error');
  if (error || !parsed || !isEditable(parsed)) {
    const why = error ? `${error.file}:${error.line}:${error.column}: ${error.message}` : `${file}: cannot be read`;
    throw new RefusedError(`${why}\n${file} must be fixed before tickler changes it; nothing was written (\`tickler validate ${file}\` lists every problem)`);
  }
  return parsed;
}

/**
 * Changes dossiers under the book's lock, on their files as they are now: `change` gets them
 * (whole, parsed for editing) and returns the edits of each and a result. Refused, with every
 * file untouched, when git has unresolved conflicts, a file has errors, or a result would not be
 * valid; a file that changed on disk meanwhile is not replaced. When a later file cannot be
 * written, the error says which were.
 */
export async function editDossiers<T>(root: string, ids: readonly string[], context: DossierContext, change: (dossiers: EditableDossier[]) => Change<T>, seam: TestSeam = {}): Promise<T> {
  // (git answers while the readers load; the refusal is awaited below, not left unhandled)
  const conflicts = refuseDuringConflicts(root);
  conflicts.catch(() => undefined);
  await import('../read/readers.js');
  await conflicts;
  return underLock(root, async () => {
    const dossiers: EditableDossier[] = [];
    for (const id of ids) dossiers.push(await readForEdit(root, id, context));
    const { edits, result } = change(dossiers);
    const planned: { draft: EditableDossier; bytes: Buffer }[] = [];
    for (const draft of dossiers) {
      const list = edits.get(draft.id);
      if (list && list.length > 0) planned.push({ draft, bytes: await editedBytes(draft, list, context) });
    }
    const written: string[] = [];
    for (const { draft, bytes } of planned) {
      try {
        replaceDossier(root, draft, bytes, seam);
      } catch (error) {
        const said = writeFault(root, error) ?? error;
        if (written.length === 0) throw said;
        throw new RefusedError(`${(said as Error).message}\nalready written: ${written.join(', ')}`);
      }
      written.push(draft.file);
    }
    return result;
  });
}

/**
 * Runs `work` under the book's lock. An expected fault of the file system (a full disk, no
 * permission, a read-only disk…) is said in one line naming the file; writes are atomic, so
 * nothing was half written.
 */
async function underLock<T>(root: string, work: () => Promise<T>): Promise<T> {
  try {
    return await withBookLock(root, work);
  } catch (error) {
    throw writeFault(root, error) ?? error;
  }
}

function writeFault(root: string, error: unknown): RefusedError | undefined {
  const fault = faultText(error);
  if (fault === undefined) return undefined;
  const path = (error as NodeJS.ErrnoException).path;
  const where = path ? ` ${relative(root, path).split(sep).join('/') || '.'}` : '';
  return new RefusedError(`cannot write${where}: ${fault}; no file was left half written`);
}

/** The dossier's bytes with the edits made, checked: they read back as intended and leave a valid dossier. */
async function editedBytes(draft: EditableDossier, edits: readonly Edit[], context: DossierContext): Promise<Buffer> {
  const { parseDossier, readTextData } = await import('../read/readers.js');
  let text: string;
  try {
    text = editText(draft.text, edits, { keyOrder: DOSSIER_KEY_ORDER }, draft.tree);
    checkEdited(text, draft.data, edits, readTextData);
  } catch (error) {
    if (error instanceof EditError) throw new RefusedError(`${draft.file}: cannot make this change without disturbing the rest of the file (${error.message}); nothing was written`);
    throw error;
  }
  const bytes = Buffer.from((draft.bom ? '\ufeff' : '') + text, 'utf8');
  // (the same limit as for reading: a dossier that grew past it would drop out of every view)
  if (bytes.length > MAX_FILE_BYTES) {
    throw new RefusedError(`the change would make ${draft.file} ${bytes.length} bytes, over the limit of ${MAX_FILE_BYTES}; move old log entries or notes out of it first; nothing was written`);
  }
  const error = parseDossier(draft.id, bytes, context).problems.find((p) => p.severity === 'error');
  if (error) throw new RefusedError(`the change would leave ${draft.file} invalid (${error.line}:${error.column}: ${error.message}); nothing was written`);
  return bytes;
}

/** For tests: runs after a new text is on disk and just before it replaces the dossier. */
export interface TestSeam {
  beforeReplace?: () => void;
}

/**
 * Replaces a dossier's file atomically, unless it is no longer what was read. A link (inside
 * clients/: others are never read) stays a link: its target is replaced. A read-only file is
 * refused: someone meant it not to change.
 */
function replaceDossier(root: string, draft: EditableDossier, bytes: Uint8Array, seam: TestSeam): void {
  const path = realpathSync(join(root, draft.file));
  if ((statSync(path).mode & 0o222) === 0) throw new RefusedError(`${draft.file} is read-only; nothing was written (make it writable to change it)`);
  writeFileAtomic(path, bytes, {
    locked: true,
    beforeReplace: () => {
      seam.beforeReplace?.();
      if (!sameBytes(currentBytes(path), draft.bytes)) {
        throw new RefusedError(`${draft.file} changed on disk since tickler read it (an editor or a git pull?); nothing was written — run the command again`);
      }
    },
  });
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

/** Writes a new dossier under the book's lock; refuses to replace a file that exists. */
export async function createDossier(root: string, id: string, text: string): Promise<string> {
  await refuseDuringConflicts(root);
  const file = `${CLIENTS_DIR}/${id}.yaml`;
  const path = join(root, file);
  return underLock(root, async () => {
    if (existsSync(path)) throw new RefusedError(`${file} already exists; nothing was written`);
    try {
      writeFileAtomic(path, text, { create: true, locked: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw new RefusedError(`${file} already exists; nothing was written`);
      throw error;
    }
    return file;
  });
}

// (loaded when needed: most runs write no new dossier)
/** How many new dossiers are written at once: their flushes to disk overlap (on node's four I/O threads). */
const WRITING_AT_ONCE = 4;

/**
 * Writes new dossiers under one hold of the book's lock, each atomically (as writeFileAtomic
 * does, a few at a time); refuses to replace any file (all are looked for before the first is
 * written). `onWritten` hears of each file once it is in place; when one cannot be written, no
 * other is begun, and the error says how many were.
 */
export async function createDossiers(root: string, dossiers: readonly { id: string; text: string }[], onWritten?: (file: string) => void): Promise<string[]> {
  await refuseDuringConflicts(root);
  const files = dossiers.map(({ id }) => dossierFile(id));
  const seen = new Set<string>();
  const twice = files.find((file) => seen.size === seen.add(file).size);
  if (twice) throw new RefusedError(`${twice} would be written twice; nothing was written`);
  return underLock(root, async () => {
    const there = files.filter((file) => existsSync(join(root, file)));
    if (there.length > 0) {
      const list = there.slice(0, 5).join(', ') + (there.length > 5 ? `, … (${there.length})` : '');
      throw new RefusedError(`${list} ${there.length === 1 ? 'exists' : 'exist'} already (made meanwhile?); nothing was written`);
    }
    const written: string[] = [];
    let failure: { file: string; error: unknown } | undefined;
    let next = 0;
    const writer = async () => {
      while (failure === undefined && next < files.length) {
        const i = next++;
        try {
          await createFileAtomic(join(root, files[i]!), dossiers[i]!.text);
        } catch (error) {
          failure ??= { file: files[i]!, error };
          return;
        }
        written.push(files[i]!);
        onWritten?.(files[i]!);
      }
    };
    await Promise.all(Array.from({ length: Math.min(WRITING_AT_ONCE, files.length) }, writer));
    if (written.length > 0) syncDirectory(join(root, CLIENTS_DIR));
    if (failure) {
      const { file, error } = failure;
      const said = (error as NodeJS.ErrnoException).code === 'EEXIST' ? new RefusedError(`${file} appeared meanwhile; it was not replaced`) : (writeFault(root, error) ?? error);
      if (written.length === 0) throw said;
      throw new RefusedError(`${(said as Error).message}\nalready written: ${written.length} of the ${files.length} new dossiers; the others were not`);
    }
    return written;
  });
}


