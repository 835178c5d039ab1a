// The files of a book on disk: where they are, which names are dossiers, and reading one safely
// (size checked before reading, links out of clients/ refused, never blocking on a FIFO).
import { closeSync, constants, fstatSync, lstatSync, openSync, readSync, realpathSync } from 'node:fs';
import { join, sep } from 'node:path';
import type { Diagnostic } from '../../core/diagnostics.js';
import { faultText } from '../../errors.js';

export const SETTINGS_FILE = 'tickler.yaml';
export const CLIENTS_DIR = 'clients';
/** Larger files are refused before reading their content: a dossier is a page, not a database. */
export const MAX_FILE_BYTES = 1024 * 1024;

const CLIENT_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const RESERVED_NAMES = /^(?:con|prn|aux|nul|com[0-9]|lpt[0-9])$/;

/** Why a string cannot be a client id, or undefined when it can. */
export function clientIdProblem(id: string): string | undefined {
  if (!CLIENT_ID.test(id)) return 'a client id is lowercase letters and digits, words joined by single "-"';
  if (id.length > 64) return 'a client id is at most 64 characters';
  if (RESERVED_NAMES.test(id)) return `"${id}" is a reserved device name on Windows`;
  return undefined;
}

/** clients/<id>.yaml */
export function dossierFile(id: string): string {
  return `${CLIENTS_DIR}/${id}.yaml`;
}

/** Whether a file name in clients/ is a dossier's (*.yaml, not hidden). */
export function isDossierName(name: string): boolean {
  return name.endsWith('.yaml') && !name.startsWith('.');
}

// (O_NONBLOCK: a FIFO put in a dossier's place never blocks the read; O_NOFOLLOW: a link is
// looked at before it is followed)
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);
const NO_LINKS = OPEN_FLAGS | (constants.O_NOFOLLOW ?? 0);

/** The bytes of a file of the book, or the problem that kept them from being read. */
export function readBookFile(root: string, file: string): { bytes: Uint8Array; problem?: undefined } | { bytes?: undefined; problem: Diagnostic } {
  const path = join(root, file);
  const problem = (rule: string, message: string, hint?: string) => ({ problem: { file, line: 1, column: 1, severity: 'error', rule, message, ...(hint ? { hint } : {}) } as Diagnostic });
  let fd: number | undefined;
  try {
    try {
      fd = openSync(path, NO_LINKS);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ELOOP' || !lstatSync(path).isSymbolicLink()) throw error;
      const clients = realpathSync(join(root, CLIENTS_DIR));
      if (!realpathSync(path).startsWith(clients + sep)) return problem('link-outside', 'a symbolic link that leads out of clients/ is not read', 'replace the link with the file itself');
      fd = openSync(path, OPEN_FLAGS);
    }
    const stat = fstatSync(fd);
    if (!stat.isFile()) return problem('not-a-file', 'not a regular file');
    if (stat.size > MAX_FILE_BYTES) return problem('file-too-large', `file is ${stat.size} bytes; the limit is ${MAX_FILE_BYTES}`, 'a dossier is one client; move old material out of the file');
    // (read to the end, not to the size stat gave: the file may grow meanwhile, up to the limit)
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(Math.max(stat.size - total, 0) + 4096);
      const n = readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) break;
      chunks.push(chunk.subarray(0, n));
      total += n;
      if (total > MAX_FILE_BYTES) return problem('file-too-large', `file is over ${MAX_FILE_BYTES} bytes, the limit`, 'a dossier is one client; move old material out of the file');
    }
    return { bytes: chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, total) };
  } catch (error) {
    return problem('unreadable', `cannot read: ${faultText(error) ?? (error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
