// `tickler show <client>`: the whole dossier as a page.
import type { Command } from 'commander';
import { filingOf } from '../../core/agenda.js';
import { EXIT, RefusedError } from '../../errors.js';
import { readers } from '../../book/store.js';
import { diagnosticJson, jsonText } from '../../render/json.js';
import { problemLines } from '../../render/text/agenda.js';
import { wrap } from '../../render/text/layout.js';
import { renderPage } from '../../render/text/page.js';
import { formatOf, openBook, settingsErrors, todayFor, type BookOptions, type DateOptions } from '../book.js';
import type { Context } from '../context.js';
import { findClient } from '../find-client.js';
import { addBookOption, addDateOption, examples, type Bind } from '../options.js';

export interface ShowOptions extends BookOptions, DateOptions {
  all?: boolean;
  format?: string;
}

/** Log entries shown without --all. */
const LATEST = 5;

export function defineShow(program: Command, bind: Bind): void {
  const command = program
    .command('show')
    .description('the whole dossier of one client, as a page')
    .argument('<client>', 'client id, the start of it, or a unique part of the name')
    .option('--all', 'the whole log, not only the latest entries')
    .option('--format <format>', 'output format: text, json', 'text');
  addBookOption(command);
  addDateOption(command);
  examples(command, [
    ['tickler show hurtownia-kowalski', 'by id'],
    ['tickler show kowal', 'by part of the name (accents optional)'],
    ['tickler show baltic --all --format json', 'everything, for a script'],
  ]);
  command.action(bind(showAction));
}

async function showAction(ctx: Context, reference: string, options: ShowOptions): Promise<number> {
  const format = formatOf(options.format, ['text', 'json'] as const);
  const store = await openBook(ctx, options);
  const settingsExit = settingsErrors(ctx, store);
  const today = todayFor(ctx, store.settings, options);
  const parsed = await store.dossier(await findClient(store, reference));
  // A dossier with errors is shown as far as it can be read, with its problems (exit 1); one that
  // cannot be read at all, by its problems alone.
  const dossier = parsed.dossier ?? (await readers()).readableDossier(parsed, await store.dossierContext());
  const problems = parsed.dossier ? [] : parsed.problems;
  if (!dossier) {
    const lines = problems.map((p) => `  ${p.file}:${p.line}:${p.column}: ${p.severity}: ${p.message} [${p.rule}]`);
    throw new RefusedError(`${parsed.file} cannot be read:\n${lines.join('\n')}\n\`tickler validate ${parsed.file}\` shows the details`);
  }
  if (format === 'json') {
    ctx.stdout.write(jsonText({ client: dossier.id, file: dossier.file, filing: filingOf(dossier, store.settings) ?? null, dossier: parsed.data ?? null, problems: problems.map(diagnosticJson) }));
  } else {
    ctx.stdout.write(renderPage(dossier, today, ctx, options.all ? undefined : LATEST));
    if (problems.length > 0) {
      const { chalk } = ctx;
      ctx.stdout.write(`\n${chalk.bold.underline(`Problems (${problems.length})`)}\n`);
      for (const p of problems) ctx.stdout.write(`${problemLines(p, ctx).join('\n')}\n`);
      const note = `The page shows what could be read; \`tickler validate ${parsed.file}\` shows the details.`;
      for (const line of wrap(note, ctx.columns, '  ')) ctx.stdout.write(`  ${chalk.dim(line)}\n`);
    }
  }
  return problems.some((p) => p.severity === 'error') ? EXIT.problems : settingsExit;
}
