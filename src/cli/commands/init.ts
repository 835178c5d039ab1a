// `tickler init [DIR]`: a new, empty book with commented settings.
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import type { Command } from 'commander';
import { CLIENTS_DIR, SETTINGS_FILE } from '../../book/read/file.js';
import { writeSchemaFiles } from '../../book/schema-files.js';
import { readers } from '../../book/store.js';
import { GITATTRIBUTES, GITIGNORE, SETTINGS_TEMPLATE } from '../../book/templates.js';
import { writeFileAtomic } from '../../book/write/atomic.js';
import { registerDriver, workTree } from '../../book/repo.js';
import { kindOf } from '../../book/discover.js';
import { EXIT, RefusedError, UsageError } from '../../errors.js';
import { appendOnce } from './git-setup.js';
import type { Context } from '../context.js';
import { examples, type Bind } from '../options.js';

export function defineInit(program: Command, bind: Bind): void {
  const command = program
    .command('init')
    .description('create a new book: commented tickler.yaml, clients/, schemas/, .gitattributes, .gitignore (and the merge driver, in a git repository)')
    .argument('[dir]', 'where (default: the current directory)');
  examples(command, [
    ['tickler init sales-book', 'a new book in ./sales-book'],
    ['git init sales && tickler init sales', 'a book that the team shares through git'],
  ]);
  command.action(bind(initAction));
}

/** Writes the scaffolding of a book (all but the settings' content); returns the files written. */
export async function scaffoldBook(root: string, settingsText: string): Promise<string[]> {
  const written: string[] = [];
  mkdirSync(join(root, CLIENTS_DIR), { recursive: true });
  writeFileAtomic(join(root, SETTINGS_FILE), settingsText);
  written.push(SETTINGS_FILE);
  if (appendOnce(join(root, '.gitattributes'), GITATTRIBUTES)) written.push('.gitattributes');
  if (appendOnce(join(root, '.gitignore'), GITIGNORE)) written.push('.gitignore');
  written.push(...writeSchemaFiles(root, (await readers()).parseSettings(Buffer.from(settingsText)).settings));
  return written;
}

/** A directory to write a new book into: one that exists, or none yet (never a file, nor under one). */
export function newBookDir(ctx: Context, dir: string | undefined): string {
  const root = resolve(ctx.cwd, dir ?? '.');
  // (a file on the way, e.g. README.md/book, is as much in the way as README.md itself)
  for (let at = root; ; at = dirname(at)) {
    const kind = kindOf(at);
    if (kind === 'other') throw new UsageError(`${at === root ? dir : relative(ctx.cwd, at) || at} is a file, not a directory; name a new or empty directory for the book`);
    if (kind === 'folder' || dirname(at) === at) break;
  }
  return root;
}

async function initAction(ctx: Context, dir: string | undefined): Promise<number> {
  const root = newBookDir(ctx, dir);
  if (existsSync(join(root, SETTINGS_FILE))) {
    throw new RefusedError(`${dir ?? 'this directory'} already holds a book (${SETTINGS_FILE}); nothing was changed`);
  }
  const written = await scaffoldBook(root, SETTINGS_TEMPLATE);
  const where = relative(ctx.cwd, root) || '.';
  ctx.stdout.write(`Created a tickler book in ${where}:\n${written.map((f) => `  ${f}`).join('\n')}\n\n`);
  // In a git repository, dossiers merge with tickler's driver from the start (each other clone
  // runs `tickler git-setup` once).
  const top = workTree(root);
  if (top !== undefined && registerDriver(top)) ctx.stdout.write('Registered the merge driver for dossiers in this clone (other clones: `tickler git-setup`).\n\n');
  ctx.stdout.write(`Next: edit ${join(where, SETTINGS_FILE)} (team, holidays), add clients as ${join(where, CLIENTS_DIR, '<id>.yaml')}, then run \`tickler today\`.\n`);
  return EXIT.ok;
}
