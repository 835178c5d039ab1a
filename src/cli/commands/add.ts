// `tickler add <name>`: a new dossier, filed under its first contact date.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { clientIdProblem, dossierFile } from '../../book/read/file.js';
import { readers } from '../../book/store.js';
import { parsePeriod, formatDayLong } from '../../core/dates.js';
import { PRIORITIES, type Contact, type NextContact } from '../../core/model.js';
import { EMAIL_SHAPE, clean } from '../../core/text.js';
import { RefusedError, UsageError } from '../../errors.js';
import { jsonText } from '../../render/json.js';
import { formatOf } from '../book.js';
import type { Context } from '../context.js';
import { addBookOption, addDateOption, collectList, examples, type Bind } from '../options.js';
import { autocommit, oneOf, openForWrite, typedDate, typedText, typedTime, type WriteOptions } from '../writing.js';

export function defineAdd(program: Command, bind: Bind): void {
  const command = program
    .command('add')
    .description('a new client dossier (asks for missing essentials on a terminal)')
    .argument('<name>', "the client's name, e.g. the company")
    .option('--id <id>', 'the file name (default: made from the name, e.g. hurtownia-kowalski)')
    .option('--owner <member>', 'who looks after the client (default: me)')
    .option('--stage <stage>', "the stage (default: the book's first)")
    .option('--priority <priority>', 'high, normal or low')
    .option('--tag <tag>', 'a tag (repeatable, or comma-separated)', collectList)
    .option('--cadence <period>', 'keep in touch at least this often: 2w, 1m, 10wd')
    .option('--contact <name>', 'the contact person')
    .option('--role <role>', "the contact person's position")
    .option('--phone <phone>', "the contact person's phone (without --contact: the office's, kept as a contact named Office)")
    .option('--email <email>', "the contact person's e-mail (without --contact: the office's)")
    .option('--next <date>', 'first contact: 2026-11-24, tomorrow, +2wd, friday, dec 5 …')
    .option('--no-next', 'no first contact yet (the client shows as unscheduled)')
    .option('--time <HH:MM>', 'a fixed time for the first contact')
    .option('--action <action>', "what the first contact is (default: the first of the book's actions)")
    .option('--note <text>', 'a note for the first contact')
    .option('--allow-past', 'accept a first contact date in the past')
    .option('--as <member>', 'me, the default owner (default: $TICKLER_USER, else git config user.email)')
    .option('--format <format>', 'output format: text, json', 'text');
  addBookOption(command);
  addDateOption(command);
  examples(command, [
    ['tickler add "Hurtownia Kowalski Sp. z o.o." --contact "Jan Kowalski" \\\n    --phone "+48 600 100 200" --next tomorrow', 'a new lead'],
    ['tickler add "Baltijas Loģistika SIA" --owner bob --tag riga --cadence 1m \\\n    --next "dec 1"', 'for a colleague'],
    ['tickler add "Stalmet Gliwice" --phone "+48 32 230 11 00" --next monday', 'only the office number'],
  ]);
  command.action(bind(addAction));
}

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

/** The name of the contact that a phone or e-mail given without --contact is kept under. */
const OFFICE = 'Office';


async function addAction(ctx: Context, rawName: string, options: AddOptions): Promise<number> {
  const format = formatOf(options.format, ['text', 'json'] as const);
  const session = await openForWrite(ctx, options, 'when-needed');
  const { settings } = session;
  const prompter = ctx.prompter;
  const name = typedText(rawName, 'the name');
  if (name === '') throw new UsageError('give the client a name');
  const { idFromName, dossierText, likelyDuplicates } = await import('../../book/write/new-dossier.js');

  const id = options.id ?? idFromName(name);
  if (id === undefined) throw new UsageError(`cannot make an id from "${name}"; give one with --id (lowercase letters, digits and "-")`);
  const idProblem = clientIdProblem(id);
  if (idProblem) throw new UsageError(`--id "${id}": ${idProblem}`);
  // Said before any question; createDossier still refuses if one appears meanwhile.
  if (existsSync(join(session.store.root, dossierFile(id)))) {
    throw new RefusedError(`${dossierFile(id)} already exists; nothing was written${options.id === undefined ? ' (if this is another client, give it an id with --id)' : ''}`);
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
    if (email === undefined && prompter) email = typedText(await prompter.input('E-mail (empty to skip)', { validate: (v) => v.trim() === '' || EMAIL_SHAPE.test(v.trim()) || 'not an e-mail address' }), 'e-mail') || undefined;
    if (phone !== undefined) contact.phone = phone;
    if (email !== undefined) contact.email = email;
  } else if (options.role !== undefined) {
    throw new UsageError('--role is a contact person\'s position: name the person with --contact');
  } else if (phone !== undefined || email !== undefined) {
    // A number or address with nobody's name is the switchboard's: a contact named Office (a
    // contact needs a name, and the page and the agenda show it as one).
    contact.name = OFFICE;
    if (phone !== undefined) contact.phone = phone;
    if (email !== undefined) contact.email = email;
  }
  if (email !== undefined && !EMAIL_SHAPE.test(email)) throw new UsageError(`--email "${email}" is not an e-mail address`);

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
  const dossiers = (await session.store.summaries()).flatMap((s) => (s.dossier ? [s.dossier] : []));
  const duplicates = likelyDuplicates(dossiers, name, phone, email);
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
  const { parseDossier } = await readers();
  const problem = parseDossier(id, Buffer.from(text), await session.store.dossierContext()).problems.find((p) => p.severity === 'error');
  if (problem) throw new UsageError(`the new dossier would not be valid: ${problem.message}`);
  const file = await session.store.create(id, text);
  if (format === 'json') ctx.stdout.write(jsonText({ client: id, file, dossier: data, duplicates: duplicates.map((d) => ({ client: d.dossier.id, why: d.why })) }));
  else ctx.stdout.write(`added ${file}${next ? `, first contact ${formatDayLong(next.date)}` : ', no first contact yet'}\n`);
  return autocommit(ctx, session, [file], `add ${id}${next ? `, next ${next.date}` : ''}`);
}
