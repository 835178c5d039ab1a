// `-o FILE` of the commands that make something for elsewhere (export, report): written
// atomically, so that a web server or a calendar app never reads half of it, and never into the
// book itself (a read command must not change the book).
import { realpathSync, statSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import { writeFileAtomic } from '../book/write/atomic.js';
import { UsageError } from '../errors.js';
import type { Context } from './context.js';

/** The real path of `path`, or of its nearest existing parent with the rest appended. */
function realOf(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    const parent = dirname(path);
    return parent === path ? path : resolve(realOf(parent), relative(parent, path));
  }
}

/** Writes `text` to `-o FILE`, or to stdout for none or "-". */
export function writeOutput(ctx: Context, book: string, output: string | undefined, text: string): void {
  if (output === undefined || output === '-') {
    ctx.stdout.write(text);
    return;
  }
  if (output.trim() === '') throw new UsageError('-o needs a file name');
  const target = resolve(ctx.cwd, output);
  const inBook = relative(realOf(book), realOf(target));
  if (inBook === '' || (!inBook.startsWith('..') && !isAbsolute(inBook))) throw new UsageError(`-o ${output} is inside the book; write it elsewhere (a read command never changes the book)`);
  const folder = statSync(dirname(target), { throwIfNoEntry: false });
  if (!folder?.isDirectory()) throw new UsageError(`-o ${output}: the folder ${dirname(output) || '.'} does not exist`);
  if (statSync(target, { throwIfNoEntry: false })?.isDirectory()) throw new UsageError(`-o ${output} is a folder; name a file`);
  writeFileAtomic(target, text);
}

/** Says on stderr that dossiers with errors were left out of what was made. */
export function leftOut(ctx: Context, count: number): void {
  if (count > 0) ctx.stderr.write(`tickler: ${count} dossier${count === 1 ? '' : 's'} with errors left out; \`tickler validate\` shows them\n`);
}
