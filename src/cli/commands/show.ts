// `tickler show <client>`: the whole dossier as a page.
import type { Command } from 'commander';
import { bookRoot, formatOf, todayFor, type BookOptions, type DateOptions } from '../common.js';
import type { Context } from '../context.js';
import { EXIT } from '../errors.js';
import { findClient, loadForReference } from '../find-client.js';
import { addBookOption, addDateOption, examples } from '../options.js';
import { renderPage } from '../../render/page.js';
import { writeJson } from '../../render/output.js';
import { filingOf } from '../../core/agenda.js';

export interface ShowOptions extends BookOptions, DateOptions {
  all?: boolean;
  format?: string;
}

const LATEST = 5;

export function registerShow(program: Command, ctx: Context, done: (code: number) => void): void {
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
  command.action((reference: string, options: ShowOptions) => {
    const format = formatOf(options.format);
    const root = bookRoot(ctx, options);
    let today = '';
    const book = loadForReference(root, reference, (settings) => (today = todayFor(ctx, settings, options)));
    const dossier = findClient(book, reference);
    if (format === 'json') {
      const entry = book.entries.find((e) => e.id === dossier.id);
      writeJson(ctx, { client: dossier.id, file: dossier.file, filing: filingOf(dossier, book.settings) ?? null, dossier: entry?.data ?? null });
    } else {
      ctx.stdout.write(renderPage(dossier, today, ctx, options.all ? undefined : LATEST));
    }
    done(EXIT.ok);
  });
}
