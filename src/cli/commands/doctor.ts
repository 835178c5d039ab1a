// `tickler doctor`: checks this clone of the book, names the fix for each problem, and cleans
// what killed writers left behind (stale temporary files and locks). Exit 1 when a problem is left.
import { statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import type { Command } from 'commander';
import { LOCAL_DIR } from '../../book/local.js';
import { CLIENTS_DIR } from '../../book/read/file.js';
import { DRIVER_KEY, git, registeredDriver, workTree } from '../../book/repo.js';
import { unresolvedConflicts } from '../../book/git.js';
import { cleanStaleFiles } from '../../book/write/lock.js';
import { EXIT } from '../../errors.js';
import { VERSION } from '../../version.js';
import { openBook, type BookOptions } from '../book.js';
import type { Context } from '../context.js';
import { addBookOption, examples, type Bind } from '../options.js';

export function defineDoctor(program: Command, bind: Bind): void {
  const command = program
    .command('doctor')
    .description('check this clone: merge driver, attributes, conflicts, the cache; clean what killed writers left');
  addBookOption(command);
  examples(command, [
    ['tickler doctor', 'after cloning, after an upgrade, when a merge went wrong'],
  ]);
  command.action(bind(doctorAction));
}

interface Check {
  ok: boolean;
  what: string;
  /** How to fix it (problems only). */
  fix?: string;
}

/** The registered driver runs a tickler; which version, or why not. */
function probeDriver(top: string, driver: string): Check {
  const prefix = /^(.*?)\s+merge-driver\s+%O\s+%A\s+%B(?:\s+%L)?(?:\s+%P)?\s*$/.exec(driver)?.[1];
  if (!prefix) return { ok: false, what: `the merge driver is not tickler's: ${driver}`, fix: 'run `tickler git-setup`' };
  const { spawnSync } = process.getBuiltinModule('node:child_process') as typeof import('node:child_process');
  // (as git runs it: through the shell, in the work tree)
  const run = spawnSync('sh', ['-c', `${prefix} --version`], { cwd: top, encoding: 'utf8', timeout: 20_000 });
  const version = run.status === 0 ? run.stdout.trim() : undefined;
  if (version === undefined) {
    return { ok: false, what: `the registered merge driver does not run (${(run.stderr || run.error?.message || `exit ${run.status}`).trim().split('\n')[0]}): merges of dossiers would end in conflicts`, fix: 'run `tickler git-setup` to register this tickler' };
  }
  if (version !== VERSION) return { ok: false, what: `the registered merge driver runs tickler ${version}, this is ${VERSION}`, fix: 'run `tickler git-setup` to register this tickler' };
  return { ok: true, what: `merge driver registered and runnable (tickler ${version})` };
}

async function gitChecks(root: string, top: string): Promise<Check[]> {
  const checks: Check[] = [];
  const driver = registeredDriver(top);
  checks.push(driver === undefined ? { ok: false, what: `no merge driver registered (${DRIVER_KEY}): dossiers changed on two sides would conflict line by line`, fix: 'run `tickler git-setup`' } : probeDriver(top, driver));
  const probe = relative(top, join(root, CLIENTS_DIR, 'probe.yaml')).split(sep).join('/');
  const attribute = git(top, ['check-attr', 'merge', '--', probe]).out.trim();
  checks.push(attribute.endsWith(': merge: tickler')
    ? { ok: true, what: '.gitattributes gives dossiers the tickler driver' }
    : { ok: false, what: `git does not give dossiers the tickler driver (${attribute || 'no attributes'})`, fix: 'run `tickler git-setup` (it adds `clients/*.yaml merge=tickler` to .gitattributes), then commit .gitattributes' });
  const conflicts = await unresolvedConflicts(root);
  checks.push(conflicts.length === 0
    ? { ok: true, what: 'no unresolved merge conflicts' }
    : { ok: false, what: `unresolved merge conflicts in ${conflicts.join(', ')}`, fix: 'edit each file to keep the right lines, `git add` it, then `git rebase --continue` (or `git commit` after a merge)' });
  return checks;
}

async function doctorAction(ctx: Context, options: BookOptions): Promise<number> {
  const store = await openBook(ctx, options, {}, true);
  const root = store.root;
  const checks: Check[] = [];
  const top = workTree(root);
  if (top === undefined) ctx.stdout.write('- the book is not a git repository: the team checks are skipped\n');
  else checks.push(...(await gitChecks(root, top)));

  const markers = (await store.problems()).filter((p) => p.rule === 'conflict-marker');
  const marked = [...new Set(markers.map((p) => p.file))];
  checks.push(marked.length === 0
    ? { ok: true, what: 'no conflict markers in dossiers' }
    : { ok: false, what: `conflict markers in ${marked.join(', ')}`, fix: 'finish the merge by hand: keep the right lines, delete the markers (`tickler validate` shows where)' });
  if (store.settingsUnreadable) checks.push({ ok: false, what: 'tickler.yaml cannot be read', fix: '`tickler validate tickler.yaml` shows where' });

  // The cache: it was just brought up to date; one that cannot be written works, only slower.
  const local = join(root, LOCAL_DIR);
  const index = statSync(join(local, 'index'), { throwIfNoEntry: false });
  checks.push(index?.isFile()
    ? { ok: true, what: `cache in ${LOCAL_DIR}/ up to date (${(await store.entries()).length} dossiers)` }
    : { ok: false, what: `no cache in ${LOCAL_DIR}/ (it cannot be written?): every command reads every file`, fix: `make ${LOCAL_DIR}/ writable, or remove it (it is rebuilt)` });

  const cleaned = await cleanStaleFiles(root);
  if (cleaned.length > 0) ctx.stdout.write(`- removed what killed writers left: ${cleaned.join(', ')}\n`);
  for (const check of checks) ctx.stdout.write(`${check.ok ? ctx.chalk.green('ok') : ctx.chalk.red('problem')}: ${check.what}${check.fix ? `\n  fix: ${check.fix}` : ''}\n`);
  const problems = checks.filter((c) => !c.ok).length;
  ctx.stdout.write(problems === 0 ? 'All is well.\n' : `${problems} problem${problems === 1 ? '' : 's'}.\n`);
  return problems === 0 ? EXIT.ok : EXIT.problems;
}
