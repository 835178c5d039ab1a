// `tickler add <name>`: a new dossier, filed under its first contact date.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { CLIENTS_DIR } from '../../book/discover.js';
import { clientIdProblem, loadBook } from '../../book/load.js';
import { plainDossier } from '../../book/dossier-read.js';
import { withBookLock } from '../../book/lock.js';
import { createDossier, refuseDuringConflicts } from '../../book/save.js';
import { parsePeriod, formatDayLong } from '../../core/dates.js';
import { PRIORITIES, type Contact, type NextContact } from '../../core/model.js';
import { clean } from '../../core/text.js';
import { writeJson } from '../../render/output.js';
import { formatOf } from '../common.js';
import type { Context } from '../context.js';
import { EXIT, RefusedError, UsageError } from '../errors.js';
import { oneOf, openForWrite, typedDate, typedText, typedTime, type WriteOptions } from '../writing.js';

export interface AddOptions extends WriteOptions {
  id?: string;
  owner?: string;
  stage?: string;
  priority?: string;
  tag?: string[];
  cadence?: string;
  contact?: string;
  role?: string;
  phone?: string;
  email?: string;
  next?: string | false;
  time?: string;
  action?: string;
  note?: string;
  format?: string;
}

const EMAIL = /^[^\s@<>(),;:"]+@[^\s@<>(),;:"]+\.[^\s@<>(),;:"]+$/;

/** What `tickler add` does; its options and help are in ../definitions.ts. */
export async function addAction(ctx: Context, done: (code: number) => void, rawName: string, options: AddOptions): Promise<void> {
  const format = formatOf(options.format);
  const session = await openForWrite(ctx, options);
  const { settings } = session;
  const prompter = ctx.prompter;
  const name = typedText(rawName, 'the name');
  if (name === '') throw new UsageError('give the client a name');
  const { idFromName, dossierText, likelyDuplicates } = await import('../../book/new-dossier.js');

  const id = options.id ?? idFromName(name);
  if (id === undefined) throw new UsageError(`cannot make an id from "${name}"; give one with --id (lowercase letters, digits and "-")`);
  const idProblem = clientIdProblem(id);
  if (idProblem) throw new UsageError(`--id "${id}": ${idProblem}`);
  // Said before any question; createDossier still refuses if one appears meanwhile.
  if (existsSync(join(session.root, CLIENTS_DIR, `${id}.yaml`))) {
    throw new RefusedError(`${CLIENTS_DIR}/${id}.yaml already exists; nothing was written${options.id === undefined ? ' (if this is another client, give it an id with --id)' : ''}`);
  }

  const owner = options.owner ?? session.me;
  if (settings.team.size > 0) oneOf(owner, [...settings.team.keys()], 'owner', 'tickler.yaml `team`');
  const stage = oneOf(options.stage ?? (settings.stages.includes('lead') ? 'lead' : settings.stages[0]!), settings.stages, 'stage', 'tickler.yaml `stages`');
  const priority = options.priority === undefined ? undefined : oneOf(options.priority, PRIORITIES, 'priority', 'priorities');
  if (options.cadence !== undefined && !parsePeriod(options.cadence)) throw new UsageError(`--cadence must be a period such as 2w, 1m or 10wd, not "${options.cadence}"`);

  const contact: Partial<Contact> = {};
  let contactName = options.contact === undefined ? undefined : typedText(options.contact, '--contact');
  if (contactName === undefined && prompter) contactName = typedText(await prompter.input('Contact person (empty to skip)'), 'contact') || undefined;
  let phone = options.phone === undefined ? undefined : typedText(options.phone, '--phone');
  let email = options.email === undefined ? undefined : typedText(options.email, '--email');
  if (contactName !== undefined) {
    contact.name = contactName;
    if (options.role !== undefined) contact.role = typedText(options.role, '--role');
    if (phone === undefined && prompter) phone = typedText(await prompter.input('Phone (empty to skip)'), 'phone') || undefined;
    if (email === undefined && prompter) email = typedText(await prompter.input('E-mail (empty to skip)', { validate: (v) => v.trim() === '' || EMAIL.test(v.trim()) || 'not an e-mail address' }), 'e-mail') || undefined;
    if (phone !== undefined) contact.phone = phone;
    if (email !== undefined) contact.email = email;
  } else if (phone !== undefined || email !== undefined || options.role !== undefined) {
    throw new UsageError('--phone, --email and --role belong to a contact person: name them with --contact');
  }
  if (email !== undefined && !EMAIL.test(email)) throw new UsageError(`--email "${email}" is not an e-mail address`);

  let next: NextContact | undefined;
  let nextText = options.next;
  if (nextText === undefined) {
    if (!prompter) throw new UsageError('when is the first contact? pass --next DATE (e.g. --next tomorrow) or --no-next');
    nextText = await prompter.input('First contact (e.g. tomorrow, +2wd, friday, dec 5; "none" for no date)', { default: 'tomorrow' });
    if (nextText.trim().toLowerCase() === 'none') nextText = false;
  }
  if (nextText !== false) {
    next = { date: typedDate(ctx, session, nextText, '--next', options.allowPast) };
    if (options.time !== undefined) next.time = typedTime(options.time);
    next.action = oneOf(options.action ?? settings.actions[0] ?? 'call', settings.actions, 'action', 'tickler.yaml `actions`');
    if (options.note !== undefined) next.note = typedText(options.note, '--note');
  } else if (options.time !== undefined || options.note !== undefined) {
    throw new UsageError('--time and --note describe the first contact; give --next too');
  }

  // Likely duplicates are worth a look before the book has two pages for one client.
  const book = await loadBook(session.root, { fast: true, cache: true, todayOf: () => session.today });
  const duplicates = likelyDuplicates(book.dossiers, name, phone, email);
  for (const { dossier, why } of duplicates) ctx.stderr.write(`${ctx.chalk.yellow('warning:')} likely a duplicate of ${dossier.file} (${clean(dossier.name)}): ${why}\n`);
  if (duplicates.length > 0 && prompter && !(await prompter.confirm('Add it anyway?', false))) throw new RefusedError('not added');

  const data: Record<string, unknown> = {
    name,
    owner,
    stage,
    priority,
    tags: options.tag?.length ? options.tag : undefined,
    cadence: options.cadence,
    contacts: contact.name ? [contact] : undefined,
    next,
  };
  const text = dossierText(data);
  // (the plain reader vouches for the text tickler writes; the general readers say why not)
  const problem = plainDossier(id, `clients/${id}.yaml`, text, session.context)
    ? undefined
    : (await import('../../book/parse.js')).parseDossierBytes(id, Buffer.from(text), session.context).find((p) => p.severity === 'error');
  if (problem) throw new UsageError(`the new dossier would not be valid: ${problem.message}`);
  await refuseDuringConflicts(session.conflicts);
  const file = withBookLock(session.root, () => createDossier(session.root, id, text));
  if (format === 'json') writeJson(ctx, { client: id, file, dossier: data, duplicates: duplicates.map((d) => ({ client: d.dossier.id, why: d.why })) });
  else ctx.stdout.write(`added ${file}${next ? `, first contact ${formatDayLong(next.date)}` : ', no first contact yet'}\n`);
  done(EXIT.ok);
}
