// `tickler show <client>`: the whole dossier as a page.
import { bookRoot, formatOf, todayFor, type BookOptions, type DateOptions } from '../common.js';
import type { Context } from '../context.js';
import { EXIT } from '../errors.js';
import { findClient, loadForReference } from '../find-client.js';
import { renderPage } from '../../render/page.js';
import { writeJson } from '../../render/output.js';
import { filingOf } from '../../core/agenda.js';

export interface ShowOptions extends BookOptions, DateOptions {
  all?: boolean;
  format?: string;
}

const LATEST = 5;

/** What `tickler show` does; its options and help are in ../definitions.ts. */
export async function showAction(ctx: Context, done: (code: number) => void, reference: string, options: ShowOptions): Promise<void> {
  const format = formatOf(options.format);
  const root = bookRoot(ctx, options);
  let today = '';
  const book = await loadForReference(root, reference, (settings) => (today = todayFor(ctx, settings, options)));
  const dossier = findClient(book, reference);
  if (format === 'json') {
    const entry = book.entries.find((e) => e.id === dossier.id);
    writeJson(ctx, { client: dossier.id, file: dossier.file, filing: filingOf(dossier, book.settings) ?? null, dossier: entry?.data ?? null });
  } else {
    ctx.stdout.write(renderPage(dossier, today, ctx, options.all ? undefined : LATEST));
  }
  done(EXIT.ok);
}
