// The commands' definitions: names, arguments, options, help and examples. A command's
// implementation (and what it needs: the YAML readers, the validators, the prompts) is imported
// when that command runs.
import type { Command } from 'commander';
import type { Context } from './context.js';
import { addBookOption, addDateOption, addReadOptions, examples } from './options.js';
// The morning's commands are part of the start-up bundle: one file to load instead of a dozen
// small chunks (each a round trip through the module loader). They read the book through its
// cache and load the YAML readers only when a file has changed.
import * as agendaCommand from './commands/agenda.js';
import * as listCommand from './commands/list.js';
import * as todayCommand from './commands/today.js';

type Done = (code: number) => void;
type Action = (ctx: Context, done: Done, ...args: never[]) => Promise<void>;
/** Runs a command's implementation, loaded on first use, with commander's action arguments. */
export type Runner = <M>(load: () => Promise<M>, pick: (module: M) => Action, args: unknown[]) => Promise<void>;

/** A repeatable option's values, as given (`--field a=1 --field b=2`). */
function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** A repeatable option that also takes comma-separated lists (`--tag a --tag b,c` → a, b, c). */
function collectList(value: string, previous: string[] = []): string[] {
  return [...previous, ...value.split(',').map((v) => v.trim()).filter(Boolean)];
}

function defineAdd(program: Command, run: Runner): void {
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
    .option('--phone <phone>', "the contact person's phone")
    .option('--email <email>', "the contact person's e-mail")
    .option('--next <date>', 'first contact: 2026-11-24, tomorrow, +2wd, friday, dec 5 …')
    .option('--no-next', 'no first contact yet (the client shows as unscheduled)')
    .option('--time <HH:MM>', 'a fixed time for the first contact')
    .option('--action <action>', 'what the first contact is (default: the first of the book\'s actions)')
    .option('--note <text>', 'a note for the first contact')
    .option('--allow-past', 'accept a first contact date in the past')
    .option('--as <member>', 'who adds it (default: $TICKLER_USER, else git config user.email)')
    .option('--format <format>', 'output format: text, json', 'text');
  addBookOption(command);
  addDateOption(command);
  examples(command, [
    ['tickler add "Hurtownia Kowalski Sp. z o.o." --contact "Jan Kowalski" --phone "+48 600 100 200" --next tomorrow', 'a new lead'],
    ['tickler add "Baltijas Loģistika SIA" --owner bob --tag riga --cadence 1m --next "dec 1"', 'for a colleague'],
  ]);
  command.action((...args: unknown[]) => run(() => import('./commands/add.js'), (m) => m.addAction, args));
}

function defineAgenda(program: Command, run: Runner): void {
  const command = program
    .command('agenda')
    .description('the dividers ahead: each day with its count and items (today includes the overdue)')
    .option('--days <n>', 'how many days, from today (default 7)')
    .option('--week', 'the next 7 days')
    .option('--month', 'the next 31 days as a calendar with the load of each day');
  addReadOptions(command, ['text', 'json']);
  examples(command, [
    ['tickler agenda', 'this week, day by day'],
    ['tickler agenda --month --mine', 'my month at a glance; days over capacity stand out'],
    ['tickler agenda --days 14 --format json', 'two weeks for a script'],
  ]);
  command.action((...args: unknown[]) => run(async () => agendaCommand, (m) => m.agendaAction, args));
}

function defineDemo(program: Command, run: Runner): void {
  const command = program
    .command('demo')
    .description('write a demo book of about thirty clients dated around today, and show its day')
    .argument('[dir]', 'where to write it (default: a new temporary directory); must be new or empty');
  addDateOption(command);
  examples(command, [
    ['tickler demo', 'a demo book in a temporary directory'],
    ['tickler demo ./try-tickler', 'keep it where you can find it'],
  ]);
  command.action((...args: unknown[]) => run(() => import('./commands/demo.js'), (m) => m.demoAction, args));
}

function defineInit(program: Command, run: Runner): void {
  const command = program
    .command('init')
    .description('create a new book: commented tickler.yaml, clients/, schemas/, .gitattributes, .gitignore')
    .argument('[dir]', 'where (default: the current directory)');
  examples(command, [
    ['tickler init sales-book', 'a new book in ./sales-book'],
    ['git init sales && tickler init sales', 'a book that the team shares through git'],
  ]);
  command.action((...args: unknown[]) => run(() => import('./commands/init.js'), (m) => m.initAction, args));
}

function defineList(program: Command, run: Runner): void {
  const command = program
    .command('list')
    .description('the clients of the book, filtered')
    .option('--stage <stage>', 'only clients in this stage')
    .option('--tag <tag>', 'only clients with this tag')
    .option('--overdue', 'only clients whose next contact (or keep-in-touch) is past')
    .option('--unscheduled', 'only active clients without a next contact (dropped balls)')
    .option('--query <text>', 'only clients whose name, contacts, tags or notes contain every word');
  addReadOptions(command, ['text', 'json', 'csv']);
  examples(command, [
    ['tickler list --owner alice --stage negotiation', "Alice's negotiations"],
    ['tickler list --overdue --mine', 'what I am behind on'],
    ['tickler list --query "kowalski warsaw"', 'search'],
    ['tickler list --format csv > clients.csv', 'for a spreadsheet'],
  ]);
  command.action((...args: unknown[]) => run(async () => listCommand, (m) => m.listAction, args));
}

function defineLog(program: Command, run: Runner): void {
  const command = program
    .command('log')
    .description('record a contact and refile the client under the next date')
    .argument('<client>', 'client id, the start of it, or a unique part of the name')
    .option('--outcome <outcome>', "how it went: one of the book's outcomes (asked on a terminal)")
    .option('--summary <text>', 'what was said')
    .option('--next <date>', 'next contact: 2026-11-24, 24.11, tomorrow, +2wd, friday, dec 5 …')
    .option('--no-next', 'leave the client without a next contact (closing it is explicit)')
    .option('--time <HH:MM>', 'a fixed time for the next contact')
    .option('--action <action>', 'what this contact was (default: the planned action); the next contact gets the same')
    .option('--note <text>', 'a note for the next contact')
    .option('--stage <stage>', 'move the client to this stage')
    .option('--form <form>', "fill in one of the book's forms")
    .option('--field <key=value>', 'a form field (repeatable)', collect)
    .option('--due <date>', 'for --outcome complaint: when the answer is due (default: the next working day)')
    .option('--allow-past', 'accept a next date in the past')
    .option('--as <member>', 'who made the contact (default: $TICKLER_USER, else git config user.email)')
    .option('--format <format>', 'output format: text, json', 'text');
  addBookOption(command);
  addDateOption(command);
  examples(command, [
    ['tickler log kowalski --outcome reached --summary "Wants 5% off" --next "dec 2"', 'after a call'],
    ['tickler log kowalski --outcome no-answer', 'next date from the outcome rule (+2wd)'],
    ['tickler log kowalski --outcome won --form qualification --field budget=50000 --next +1w', 'with a form'],
    ['tickler log kowalski --outcome complaint --summary "Damaged pallets" --due 25.11', 'opens a complaint'],
    ['tickler log kowalski --outcome lost --summary "Chose a competitor"', 'rule: stage lost, no next contact'],
  ]);
  command.action((...args: unknown[]) => run(() => import('./commands/log.js'), (m) => m.logAction, args));
}

function defineReschedule(program: Command, run: Runner): void {
  const command = program
    .command('reschedule')
    .alias('snooze')
    .description('move the next contact without a conversation (kept in the log as "rescheduled")')
    .argument('<client>', 'client id, the start of it, or a unique part of the name')
    .argument('[date]', 'the new date: 2026-11-24, 24.11, tomorrow, +3d, +2wd, friday, dec 5 … (default: the next working day)')
    .option('--reason <text>', 'why, for the log')
    .option('--allow-past', 'accept a date in the past')
    .option('--as <member>', 'who moves it (default: $TICKLER_USER, else git config user.email)')
    .option('--format <format>', 'output format: text, json', 'text');
  addBookOption(command);
  addDateOption(command);
  examples(command, [
    ['tickler reschedule kowalski "dec 7" --reason "On holiday"', 'to a given day'],
    ['tickler snooze kowalski', 'to the next working day'],
    ['tickler snooze kowalski +2wd', 'two working days on'],
  ]);
  command.action((...args: unknown[]) => run(() => import('./commands/reschedule.js'), (m) => m.rescheduleAction, args));
}

function defineResolve(program: Command, run: Runner): void {
  const command = program
    .command('resolve')
    .description("close one of a client's open complaints")
    .argument('<client>', 'client id, the start of it, or a unique part of the name')
    .option('--resolution <text>', 'how it was settled')
    .option('--complaint <n>', 'which open complaint, by its number in the list (when several are open)')
    .option('--as <member>', 'who resolves it (default: $TICKLER_USER, else git config user.email)')
    .option('--format <format>', 'output format: text, json', 'text');
  addBookOption(command);
  addDateOption(command);
  examples(command, [
    ['tickler resolve kowalski --resolution "Credit note issued"', 'the one open complaint'],
    ['tickler resolve kowalski --complaint 2 --resolution "Replaced"', 'the second of several'],
  ]);
  command.action((...args: unknown[]) => run(() => import('./commands/resolve.js'), (m) => m.resolveAction, args));
}

function defineSchema(program: Command, run: Runner): void {
  const command = program
    .command('schema')
    .description("print the book's effective dossier schema (the project's schema plus the book's fields and forms)")
    .option('--settings', 'the schema of tickler.yaml instead')
    .option('--write', "refresh the book's schemas/ folder, which the files' modelines point editors at");
  addBookOption(command);
  examples(command, [
    ['tickler schema > dossier.schema.json', 'for an editor or another tool'],
    ['tickler schema --write', 'after changing fields or forms in tickler.yaml'],
  ]);
  command.action((...args: unknown[]) => run(() => import('./commands/schema.js'), (m) => m.schemaAction, args));
}

function defineShow(program: Command, run: Runner): void {
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
  command.action((...args: unknown[]) => run(() => import('./commands/show.js'), (m) => m.showAction, args));
}

function defineToday(program: Command, run: Runner): void {
  const command = program
    .command('today')
    .description("today's divider: what is due or overdue, with everything needed for each call")
    .option('--strict', 'exit 1 when some dossier could not be read');
  addReadOptions(command, ['text', 'json']);
  examples(command, [
    ['tickler today', "everybody's day"],
    ['tickler today --mine', 'only my clients and those I cover'],
    ['tickler today --owner bob --today 2026-11-30', "what Bob's Monday will look like"],
    ['tickler today --format json | jq .items[0]', 'for scripts'],
  ]);
  command.action((...args: unknown[]) => run(async () => todayCommand, (m) => m.todayAction, args));
}

function defineValidate(program: Command, run: Runner): void {
  const command = program
    .command('validate')
    .alias('check')
    .description('check the settings and every dossier (or the named files): syntax, schema and meaning')
    .argument('[files...]', 'files of the book to check (default: all)')
    .option('--strict', 'exit 1 on warnings too')
    .option('--format <format>', 'output format: text, json', 'text');
  addBookOption(command);
  addDateOption(command);
  examples(command, [
    ['tickler validate', 'the whole book'],
    ['tickler check clients/acme.yaml', 'one file'],
    ['git diff --cached --name-only -- clients | xargs tickler validate', 'a pre-commit hook'],
    ['tickler validate --format json', 'for CI annotations'],
  ]);
  command.action((...args: unknown[]) => run(() => import('./commands/validate.js'), (m) => m.validateAction, args));
}

function defineWork(program: Command, run: Runner): void {
  const command = program
    .command('work')
    .description("go through today's clients one by one: see the page, record the call, refile")
    .option('--owner <member>', "go through this member's day (default: mine)")
    .option('--all', "go through everybody's day")
    .option('--as <member>', 'who makes the calls (default: $TICKLER_USER, else git config user.email)');
  addBookOption(command);
  addDateOption(command);
  examples(command, [
    ['tickler work', 'my day, client by client'],
    ['tickler work --owner bob', "Bob's day, while covering for him"],
  ]);
  command.action((...args: unknown[]) => run(() => import('./commands/work.js'), (m) => m.workAction, args));
}

/** Every command, in the order of `tickler --help`, by its names. */
const COMMANDS: readonly [names: readonly string[], define: (program: Command, run: Runner) => void][] = [
  [['today'], defineToday],
  [['agenda'], defineAgenda],
  [['show'], defineShow],
  [['log'], defineLog],
  [['reschedule', 'snooze'], defineReschedule],
  [['resolve'], defineResolve],
  [['add'], defineAdd],
  [['work'], defineWork],
  [['list'], defineList],
  [['validate', 'check'], defineValidate],
  [['schema'], defineSchema],
  [['init'], defineInit],
  [['demo'], defineDemo],
];

/**
 * Defines the command that `argv` names, or every command when it names none (help, a typo:
 * commander then lists them or suggests one). The top-level options take no values, so the
 * first word that is not an option is the command.
 */
export function defineCommands(program: Command, ctx: Context, done: Done, argv: readonly string[]): void {
  const run: Runner = async (load, pick, args) => {
    const action = pick(await load());
    await action(ctx, done, ...(args as never[]));
  };
  const word = argv.find((arg) => !arg.startsWith('-'));
  const named = COMMANDS.find(([names]) => word !== undefined && names.includes(word));
  for (const [, define] of named ? [named] : COMMANDS) define(program, run);
}
