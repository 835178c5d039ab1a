// `tickler git-setup`: makes a clone of a team's book merge dossiers with tickler's driver. git
// keeps .gitattributes (which files use the driver) in the repository, but the driver itself in
// each clone's own config, which a clone does not copy: every clone runs this once. Safe to rerun.
import { existsSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import type { Command } from 'commander';
import { git, registerDriver, requireWorkTree } from '../../book/repo.js';
import { GITATTRIBUTES, GITIGNORE } from '../../book/templates.js';
import { writeFileAtomic } from '../../book/write/atomic.js';
import { EXIT } from '../../errors.js';
import { bookRoot, type BookOptions } from '../book.js';
import type { Context } from '../context.js';
import { addBookOption, examples, type Bind } from '../options.js';

export function defineGitSetup(program: Command, bind: Bind): void {
  const command = program
    .command('git-setup')
    .description("register tickler's merge driver in this clone (once per clone; safe to run again)");
  addBookOption(command);
  examples(command, [
    ['git clone git@example.com:sales/book.git && cd book && tickler git-setup', 'a new clone of the team book'],
    ['tickler doctor', 'check it afterwards'],
  ]);
  command.action(bind(gitSetupAction));
}

/** Adds the lines of `text` to a file unless its first meaningful line is there; returns whether it wrote. */
export function appendOnce(path: string, text: string): boolean {
  const current = existsSync(path) ? readFileSync(path, 'utf8') : '';
  const key = text.split('\n').find((l) => l.trim() !== '' && !l.startsWith('#'))!;
  if (current.split(/\r?\n/).includes(key)) return false;
  writeFileAtomic(path, current === '' ? text : `${current}${current.endsWith('\n') ? '' : '\n'}${text}`);
  return true;
}

/**
 * The driver registered in the work tree at `top`, and the book's .gitattributes and .gitignore
 * in place; the lines say what was done.
 */
export function setUpClone(root: string, top: string): string[] {
  const said: string[] = [];
  said.push(registerDriver(top) ? 'registered the merge driver in .git/config (merge.tickler.driver)' : 'the merge driver was registered already');
  for (const [name, text] of [['.gitattributes', GITATTRIBUTES], ['.gitignore', GITIGNORE]] as const) {
    if (appendOnce(join(root, name), text)) said.push(`wrote ${relative(top, join(root, name)).split(sep).join('/')}: commit it, so that every clone has it`);
  }
  // (git itself says whether a dossier's path gets the driver: attributes can be overridden elsewhere)
  const probe = relative(top, join(root, 'clients', 'probe.yaml')).split(sep).join('/');
  const attribute = git(top, ['check-attr', 'merge', '--', probe]).out.trim();
  if (!attribute.endsWith(': merge: tickler')) said.push(`warning: git does not give ${probe} the tickler driver (${attribute || 'no answer'}); check .gitattributes`);
  return said;
}

async function gitSetupAction(ctx: Context, options: BookOptions): Promise<number> {
  const root = bookRoot(ctx, options);
  const top = requireWorkTree(root, 'git-setup');
  const said = setUpClone(root, top);
  ctx.stdout.write(`${said.join('\n')}\n`);
  return said.some((line) => line.startsWith('warning:')) ? EXIT.problems : EXIT.ok;
}
