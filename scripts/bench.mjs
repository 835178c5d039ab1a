// npm run bench [-- --sizes 1000,10000,100000 --runs 5 --keep-env]
// npm run bench -- --books /path/to/book,/path/to/other [--today YYYY-MM-DD] [--runs 5]
// Generates realistic books (1.5–3 KB dossiers, contacts, 3–20 log entries, names in Polish,
// Russian, Bulgarian and Latvian, a team of 20), or takes books made elsewhere (--books: each a
// folder with tickler.yaml and clients/; their .tickler/ cache is deleted and rebuilt, and the
// files the pull and log rows change are put back), then times whole CLI processes (medians)
// next to the floor measured in the same run (node start-up plus readdir and stat of every
// file), and, where Taskwarrior is installed, `task next` on a task list of the same size.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(root, 'bin', 'tickler.js');
const usage = `usage: npm run bench [-- --sizes 1000,10000,100000] [--runs 5] [--keep-env]
       npm run bench -- --books DIR[,DIR...] [--today YYYY-MM-DD] [--runs 5] [--keep-env]
Times whole tickler processes against the node + readdir + stat floor and, where installed,
Taskwarrior's \`task next\`; generated books go to bench/books/ (git-ignored).`;
let options;
try {
  options = parseArgs({
    options: {
      sizes: { type: 'string', default: '1000,10000,100000' },
      books: { type: 'string' },
      runs: { type: 'string', default: '5' },
      today: { type: 'string', default: '2026-11-23' },
      'keep-env': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  }).values;
} catch (error) {
  console.error(`bench: ${error.message}\n${usage}`);
  process.exit(2);
}
if (options.help) {
  console.log(usage);
  process.exit(0);
}
const sizes = options.sizes.split(',').map(Number);
/** Books made elsewhere, instead of the generated ones. */
const given = options.books?.split(',').filter(Boolean);
const runs = Number(options.runs);
if (!Number.isInteger(runs) || runs < 1) fail(`--runs must be a whole number of at least 1, not ${options.runs}`);
if (sizes.some((size) => !Number.isInteger(size) || size < 1)) fail(`--sizes must be whole numbers, not ${options.sizes}`);

function fail(message) {
  console.error(`bench: ${message}`);
  process.exit(2);
}
// NODE_EXTRA_CA_CERTS makes node read and parse a bundle of certificates before it runs any code:
// on this machine kind it is set in the environment and adds ~90 ms to every node process (the
// floor and `node -e 0` included), which would hide what tickler itself costs. The children run
// without it unless --keep-env is given. (tickler makes no TLS connections for these commands.)
const childEnv = { ...process.env };
if (!options['keep-env'] && childEnv.NODE_EXTRA_CA_CERTS !== undefined) {
  delete childEnv.NODE_EXTRA_CA_CERTS;
  console.log('(NODE_EXTRA_CA_CERTS is set here; every timed process runs without it: --keep-env keeps it)');
}
const TODAY = options.today;
if (!/^\d{4}-\d{2}-\d{2}$/.test(TODAY)) fail(`--today must be YYYY-MM-DD, not ${TODAY}`);
const NOW = `${TODAY}T09:15:00Z`;

// A small deterministic generator, so that every run measures the same books.
let seed = 42;
const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
const pick = (list) => list[Math.floor(random() * list.length)];

const first = ['Jan', 'Anna', 'Piotr', 'Katarzyna', 'Дмитрий', 'Елена', 'Иван', 'Мария', 'Георги', 'Десислава', 'Jānis', 'Ilze', 'Andris', 'Līga'];
const last = ['Kowalski', 'Nowak', 'Wiśniewska', 'Соколов', 'Петрова', 'Иванов', 'Георгиев', 'Димитрова', 'Bērziņš', 'Ozola', 'Kalniņš'];
const firms = ['Hurtownia', 'Stalmet', 'Drewpol', 'ООО Северный', 'Балкан Трейд', 'SIA Baltijas', 'Agro', 'Meble', 'Logistika', 'Пакет'];
const summaries = ['Talked about volumes for the next quarter.', 'No answer; try again.', 'Sent the revised offer with the discount.', 'Agreed on delivery terms; wants samples.', 'Complained about a late delivery.'];
const stages = ['lead', 'first-contact', 'negotiation', 'contract', 'fulfilment', 'retention', 'dormant'];
const outcomes = ['reached', 'no-answer', 'voicemail', 'offer-sent', 'meeting-set'];
const team = Array.from({ length: 20 }, (_, i) => `m${i + 1}`);
const day = (offset) => new Date(Date.UTC(2026, 10, 23) + offset * 86400000).toISOString().slice(0, 10);

/** A next contact as a working team has them: mostly in the coming weeks, a few overdue. */
function nextOffset() {
  const r = random();
  if (r < 0.02) return -1 - Math.floor(random() * 10);
  return Math.floor(random() * 60);
}

function dossier(n) {
  const person = `${pick(first)} ${pick(last)}`;
  const entries = 3 + Math.floor(random() * 18);
  const owner = team[n % team.length];
  const log = [];
  for (let i = 0; i < entries; i++) {
    const at = day(-400 + i * Math.floor(380 / entries));
    log.push(
      `  - at: ${at}T${String(8 + (i % 9)).padStart(2, '0')}:15+01:00\n    by: ${owner}\n    action: call\n    outcome: ${pick(outcomes)}\n    summary: ${pick(summaries)}\n    next: ${day(-400 + (i + 1) * Math.floor(380 / entries))}`,
    );
  }
  return `# yaml-language-server: $schema=../schemas/dossier.schema.json
name: ${pick(firms)} ${pick(last)} ${n}
owner: ${owner}
stage: ${pick(stages)}
priority: ${pick(['high', 'normal', 'normal', 'low'])}
tags: [${pick(['wholesale', 'retail', 'export'])}, ${pick(['warsaw', 'riga', 'sofia', 'moscow'])}]
contacts:
  - name: ${person}
    role: Purchasing director
    phone: "+48 600 ${String(n % 1000).padStart(3, '0')} ${String(n % 997).padStart(3, '0')}"
    email: buyer${n}@example.com
    birthday: 19${50 + (n % 40)}-${String(1 + (n % 12)).padStart(2, '0')}-${String(1 + (n % 28)).padStart(2, '0')}
next:
  date: ${day(nextOffset())}
  action: call
  note: Confirm the volumes for Q1 and the discount he asked for
offer: 500 pallets/quarter at 41.50 PLN, valid to 2026-12-15
log:
${log.join('\n')}
notes: |
  Prefers calls before noon. Ask about the new warehouse.
`;
}

function ensureBook(size) {
  const dir = join(root, 'bench', 'books', `v2-${size}`);
  if (existsSync(join(dir, 'tickler.yaml')) && existsSync(join(dir, 'clients', `client-${size - 1}.yaml`))) return dir;
  mkdirSync(join(dir, 'clients'), { recursive: true });
  const members = team.map((m) => `  ${m}: { email: ${m}@example.com }`).join('\n');
  writeFileSync(join(dir, 'tickler.yaml'), `timezone: Europe/Warsaw\ncapacity: 25\nteam:\n${members}\nmail:\n  from: Sales Tickler <tickler@example.com>\n`);
  seed = 42;
  for (let n = 0; n < size; n++) writeFileSync(join(dir, 'clients', `client-${n}.yaml`), dossier(n));
  return dir;
}

/**
 * Waits until the newest file of the book is 2.5 s old: tickler does not keep in its index what
 * changed in the last 2 s (a file written in the same second as it is read may change again
 * unseen), so a book just written would be read anew by every "nothing changed" run.
 */
function settleBook(book) {
  const dir = join(book, 'clients');
  let newest = statSync(join(book, 'tickler.yaml')).mtimeMs;
  for (const name of readdirSync(dir)) newest = Math.max(newest, statSync(join(dir, name)).mtimeMs);
  const wait = newest + 2_500 - Date.now();
  if (wait > 0) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, wait);
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function once(command, cwd, env = {}) {
  const start = process.hrtime.bigint();
  const result = spawnSync(command[0], command.slice(1), { cwd, stdio: ['ignore', 'ignore', 'pipe'], env: { ...childEnv, NO_COLOR: '1', ...env } });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.status !== 0 && result.status !== 1) throw new Error(`${command.join(' ')} failed: ${result.stderr}`);
  return ms;
}

/**
 * `n` runs of `command`, each right after a run of the reference (the floor, or another tool), so
 * that both see the same load on a shared machine: the median time, and the median of the ratios
 * of each pair. `before` runs untimed before each pair (to set the stage).
 */
function time(command, cwd, { env = {}, n = runs, before, reference = floorOf(cwd) } = {}) {
  const samples = [];
  const ratios = [];
  for (let i = 0; i < n; i++) {
    before?.(i);
    const base = once(reference.command, reference.cwd, reference.env);
    const ms = once(command, cwd, env);
    samples.push(ms);
    ratios.push(ms / base);
  }
  return { ms: median(samples), ratio: median(ratios) };
}

const floorScript = "const fs=require('fs');const d='clients';for(const f of fs.readdirSync(d))fs.statSync(d+'/'+f)";
const floorOf = (cwd) => ({ command: [process.execPath, '-e', floorScript], cwd, env: {} });
const bareNode = (cwd) => ({ command: [process.execPath, '-e', '0'], cwd, env: {} });

/** Reads every file of the book once; how long that took (long: the files were not in the page cache). */
function warmPageCache(book) {
  const start = process.hrtime.bigint();
  const dir = join(book, 'clients');
  for (const name of readdirSync(dir)) readFileSync(join(dir, name));
  return Number(process.hrtime.bigint() - start) / 1e6;
}

/** Peak resident memory of one run, from GNU time. */
function peakMemoryMb(command, cwd) {
  const result = spawnSync('/usr/bin/time', ['-f', '%M', ...command], { cwd, encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'], env: { ...childEnv, NO_COLOR: '1' } });
  const kb = Number(result.stderr.trim().split('\n').pop());
  return Number.isFinite(kb) ? kb / 1024 : NaN;
}

/** Taskwarrior's `task next` on the same number of tasks, in its own data directory (undefined without `task`). */
function taskNext(size) {
  if (spawnSync('task', ['--version'], { encoding: 'utf8' }).status !== 0) return undefined;
  const dir = join(root, 'bench', 'books', `task-${size}`);
  const rc = join(dir, 'taskrc');
  const env = { TASKRC: rc, TASKDATA: join(dir, 'data') };
  if (!existsSync(join(dir, 'data', 'pending.data'))) {
    mkdirSync(join(dir, 'data'), { recursive: true });
    writeFileSync(rc, `data.location=${join(dir, 'data')}\nconfirmation=off\nverbose=nothing\nhooks=off\ngc=off\n`);
    seed = 42;
    const tasks = [];
    for (let n = 0; n < size; n++) {
      tasks.push({
        description: `Call ${pick(firms)} ${pick(last)} ${n}: confirm the volumes for Q1`,
        status: 'pending',
        project: team[n % team.length],
        tags: [pick(['wholesale', 'retail', 'export'])],
        priority: pick(['H', 'M', 'M', 'L']),
        due: `${day(nextOffset()).replace(/-/g, '')}T090000Z`,
        entry: '20251101T090000Z',
        uuid: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
      });
    }
    const file = join(dir, 'tasks.json');
    writeFileSync(file, tasks.map((t) => JSON.stringify(t)).join('\n'));
    const imported = spawnSync('task', ['import', file], { env: { ...childEnv, ...env }, stdio: 'ignore' });
    if (imported.status !== 0) return undefined;
  }
  return { command: ['task', 'rc.verbose=nothing', 'next'], cwd: dir, env };
}

const fmt = (ms) => (ms === undefined ? '—' : ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${ms.toFixed(0)} ms`);
// The issue's table (whole process, medians), by size.
const TARGETS = {
  today: { 1000: 70, 100000: 500 },
  first: { 1000: 500, 10000: 2000, 100000: 12_000 },
  pull: { 10000: 300 },
  log: { 1000: 120, 10000: 120, 100000: 150 },
  validate: { 10000: 300 },
  validateFirst: { 10000: 3000 },
  versusTask: { 10000: 0.9, 100000: 0.45 },
  memory: { 100000: 200 },
};
const mark = (value, target, unit = '') => (target === undefined || value === undefined ? '' : `  ${value <= target ? 'ok' : 'over'} (target ${target}${unit})`);
const results = [];
/** The books to time: [folder, number of dossiers, generated by this script]. */
const books = given
  ? given.map((dir) => {
      if (!existsSync(join(dir, 'tickler.yaml')) || !existsSync(join(dir, 'clients'))) throw new Error(`${dir}: not a tickler book (no tickler.yaml and clients/)`);
      return [dir, readdirSync(join(dir, 'clients')).filter((n) => n.endsWith('.yaml')).length, false];
    })
  : sizes.map((size) => [ensureBook(size), size, true]);
for (const [book, count, generated] of books) {
  // (a book made elsewhere is held to the targets of the size it is within a tenth of)
  const size = generated ? count : ([1000, 10_000, 100_000].find((s) => Math.abs(count - s) <= s / 10) ?? count);
  const tickler = (...a) => [process.execPath, cli, ...a, '--today', TODAY];
  const cache = join(book, '.tickler');
  const heavy = size >= 100_000 ? Math.min(runs, 2) : runs;
  const row = { size: count, book };
  // The figures are for a warm page cache (as the issue's are): every file is read once, untimed,
  // so that a first run measures tickler, not a disk that another program's files pushed out.
  settleBook(book);
  const warmed = warmPageCache(book);
  const names = readdirSync(join(book, 'clients')).filter((n) => n.endsWith('.yaml')).sort();
  row.floor = time(floorOf(book).command, book, { reference: bareNode(book) });
  row.first = time(tickler('today'), book, { n: heavy, before: () => rmSync(cache, { recursive: true, force: true }) });
  row.today = time(tickler('today'), book);
  row.agenda = time(tickler('agenda'), book);
  // one member's morning (a twentieth of the items)
  // (in a book made elsewhere: the owner of the dossier in the middle of the listing)
  const middle = names[Math.floor(names.length / 2)];
  const member = generated ? 'm3' : (/^owner:\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*$/m.exec(readFileSync(join(book, 'clients', middle), 'utf8'))?.[1] ?? 'bench');
  row.mine = time(tickler('today', '--mine', '--as', member), book);
  // A pull that changed 50 files: each run edits 50 others, then today reads them again; the
  // files are put back afterwards, so that the book stays the same from one bench to the next.
  let edited = 0;
  const originals = new Map();
  row.pull = time(tickler('today'), book, {
    before: () => {
      for (let k = 0; k < 50; k++) {
        const file = join(book, 'clients', names[(edited++ * 7919) % names.length]);
        const text = readFileSync(file, 'utf8');
        if (!originals.has(file)) originals.set(file, text);
        // (a book made elsewhere gets a comment line: a change that any dossier takes)
        writeFileSync(file, generated ? text.replace(/^notes: \|\n.*$/m, (m) => `${m} (${edited})`) : `${text.replace(/\n?$/, '\n')}# bench ${edited}\n`);
      }
      // today runs a few seconds after the pull (files changed in the last 2 s are read but not
      // kept yet, so without this pause each run would also read the previous run's 50 again)
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 2_100);
    },
  });
  for (const [file, text] of originals) writeFileSync(file, text);
  const client = generated ? 'client-7' : middle.replace(/\.yaml$/, '');
  const logged = join(book, 'clients', `${client}.yaml`);
  const before = readFileSync(logged);
  // (in a book made elsewhere: a note, which every book has, by the dossier's owner)
  const logArgs = generated
    ? ['log', client, '--outcome', 'reached', '--summary', 'Bench call', '--next', '+1w', '--as', 'm8']
    : ['log', client, '--outcome', 'note', '--summary', 'Bench call', '--next', '+1w', '--as', member];
  try {
    // log reads one dossier whatever the size: its reference is node's start-up, not the floor
    row.log = time(tickler(...logArgs), book, { env: { TICKLER_NOW: NOW }, reference: bareNode(book) });
  } finally {
    writeFileSync(logged, before);
  }
  // Settle the cache after the edits above (files changed in the last 2 s are not kept yet).
  const settle = () => {
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 2_100);
    once(tickler('today'), book);
  };
  settle();
  // validate: nothing changed since the last run (the cache), and a first run (no cache)
  row.validate = size >= 100_000 ? undefined : time(tickler('validate'), book);
  row.validateFirst = size >= 100_000 ? undefined : time(tickler('validate'), book, { n: heavy, before: () => rmSync(cache, { recursive: true, force: true }) });
  settle();
  row.memory = peakMemoryMb(tickler('today'), book);
  const task = taskNext(count);
  if (task) {
    row.task = time(task.command, task.cwd, { env: task.env, reference: floorOf(book) });
    row.versusTask = time(tickler('today'), book, { reference: task });
  }
  results.push(row);
  const line = (label, t, key, reference = 'floor') =>
    `  ${label.padEnd(22)} ${fmt(t?.ms).padStart(8)}  ${t ? `${t.ratio.toFixed(2)}× ${reference}`.padEnd(18) : ''.padEnd(18)}${mark(t?.ms, TARGETS[key]?.[size], ' ms')}`;
  console.log(
    [
      `${count} dossiers${generated ? '' : ` in ${book}`} (medians; each run paired with a run of its reference just before it; page cache warmed: every file read once, ${fmt(warmed)})`,
      `  ${'floor'.padEnd(22)} ${fmt(row.floor.ms).padStart(8)}  ${`${row.floor.ratio.toFixed(2)}× node -e 0`}`,
      line('today, nothing changed', row.today, 'today'),
      row.versusTask
        ? `  ${'today ÷ task next'.padEnd(22)} ${`${row.versusTask.ratio.toFixed(2)}×`.padStart(8)}  ${`task next ${fmt(row.task.ms)}`.padEnd(18)}${mark(row.versusTask.ratio, TARGETS.versusTask[size], '×')}`
        : `  ${'today ÷ task next'.padEnd(22)} (Taskwarrior is not installed: apt-get install taskwarrior)`,
      line('today --mine', row.mine, 'mine'),
      line('agenda (7 days)', row.agenda, 'agenda'),
      line('today, first run', row.first, 'first'),
      line('today, 50 changed', row.pull, 'pull'),
      line('log one client', row.log, 'log', 'node -e 0'),
      line('validate, unchanged', row.validate, 'validate'),
      line('validate, first run', row.validateFirst, 'validateFirst'),
      `  ${'peak memory of today'.padEnd(22)} ${`${row.memory.toFixed(0)} MB`.padStart(8)}  ${''.padEnd(18)}${mark(row.memory, TARGETS.memory[size], ' MB')}`,
    ].join('\n'),
  );
}
// git's merge driver on one dossier with 50 log entries, both sides having logged a call (the
// whole process, as git runs it once per dossier changed on both sides).
{
  const dir = join(root, 'bench', 'books', 'merge');
  mkdirSync(dir, { recursive: true });
  let base = 'name: Bench Client\nowner: alice\nstage: negotiation\nnext:\n  date: 2026-11-24\n  action: call\nlog:\n';
  for (let i = 0; i < 50; i++) {
    base += `  - at: 2026-0${1 + Math.floor(i / 10)}-${10 + (i % 10)}T10:00+01:00\n    by: alice\n    action: call\n    outcome: reached\n    summary: Call number ${i} about the order\n`;
  }
  const entry = (hour, by, next) => `  - at: 2026-11-23T${hour}:15+01:00\n    by: ${by}\n    outcome: reached\n    next: ${next}\n`;
  const ours = base.replace('date: 2026-11-24', 'date: 2026-11-30') + entry(10, 'alice', '2026-11-30');
  writeFileSync(join(dir, 'O'), base);
  writeFileSync(join(dir, 'B'), base.replace('date: 2026-11-24', 'date: 2026-11-25') + entry(11, 'bob', '2026-11-25'));
  const merge = time([process.execPath, cli, 'merge-driver', 'O', 'A', 'B', '7', 'clients/bench.yaml'], dir, { reference: bareNode(dir), before: () => writeFileSync(join(dir, 'A'), ours) });
  console.log(`\nmerge-driver, one dossier of 50 entries: ${fmt(merge.ms)}  ${merge.ratio.toFixed(2)}× node -e 0${mark(merge.ms, 100, ' ms')}`);
}
// The morning email and the outside world, on the generated book of 10,000 (20 members).
if (!given && sizes.includes(10_000)) {
  const book = ensureBook(10_000);
  const settings = join(book, 'tickler.yaml');
  // (books generated before the digest existed have no sender)
  if (!/^mail:/m.test(readFileSync(settings, 'utf8'))) writeFileSync(settings, `${readFileSync(settings, 'utf8')}mail:\n  from: Sales Tickler <tickler@example.com>\n`);
  once([process.execPath, cli, 'today', '--today', TODAY], book);
  const digest = time([process.execPath, cli, 'digest', '--all', '--dry-run', '--today', TODAY], book);
  const ics = time([process.execPath, cli, 'export', 'ics', '--days', '3660', '--today', TODAY], book);
  const csv = time([process.execPath, cli, 'export', 'csv', '--today', TODAY], book);
  const rebalance = time([process.execPath, cli, 'rebalance', '--today', TODAY], book);
  const report = time([process.execPath, cli, 'report', '--from', '2025-11-23', '--to', '2026-11-22', '--today', TODAY], book);
  // import: 10,000 rows of a spreadsheet into an empty book (made anew before each run)
  const target = join(root, 'bench', 'books', 'import');
  const sheet = join(root, 'bench', 'books', 'import.csv');
  if (!existsSync(sheet)) {
    const rows = ['Firma;Osoba kontaktowa;Telefon;E-mail;Następny kontakt;Opiekun;Etap'];
    for (let n = 0; n < 10_000; n++) rows.push(`${pick(firms)} ${pick(last)} ${n};${pick(first)} ${pick(last)};+48 600 ${String(n % 1000).padStart(3, '0')} ${String(n).padStart(5, '0')};buyer${n}@example.com;${day(1 + (n % 40)).split('-').reverse().join('.')};${team[n % team.length]};lead`);
    writeFileSync(sheet, `\ufeff${rows.join('\r\n')}\r\n`);
  }
  const imported = time([process.execPath, cli, 'import', sheet, '--today', TODAY], target, {
    n: Math.min(runs, 3),
    env: { TICKLER_USER: 'm1' },
    reference: bareNode(root),
    before: () => {
      rmSync(target, { recursive: true, force: true });
      mkdirSync(join(target, 'clients'), { recursive: true });
      writeFileSync(join(target, 'tickler.yaml'), readFileSync(join(book, 'tickler.yaml')));
    },
  });
  console.log(
    [
      '',
      `10000 dossiers, 20 members (medians, warm):`,
      `  ${'digest --all --dry-run'.padEnd(22)} ${fmt(digest.ms).padStart(8)}  ${`${digest.ratio.toFixed(2)}× floor`.padEnd(18)}${mark(digest.ms, 2000, ' ms')}`,
      `  ${'export ics (all)'.padEnd(22)} ${fmt(ics.ms).padStart(8)}  ${`${ics.ratio.toFixed(2)}× floor`.padEnd(18)}${mark(ics.ms, 1000, ' ms')}`,
      `  ${'export csv'.padEnd(22)} ${fmt(csv.ms).padStart(8)}  ${`${csv.ratio.toFixed(2)}× floor`.padEnd(18)}`,
      `  ${'rebalance (everyone)'.padEnd(22)} ${fmt(rebalance.ms).padStart(8)}  ${`${rebalance.ratio.toFixed(2)}× floor`.padEnd(18)}${mark(rebalance.ms, 1000, ' ms')}`,
      `  ${'report, a year'.padEnd(22)} ${fmt(report.ms).padStart(8)}  ${`${report.ratio.toFixed(2)}× floor`.padEnd(18)}${mark(report.ms, 2000, ' ms')}`,
      `  ${'import 10,000 rows'.padEnd(22)} ${fmt(imported.ms).padStart(8)}  ${''.padEnd(18)}${mark(imported.ms, 15_000, ' ms')}`,
    ].join('\n'),
  );
}
const version = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version;
console.log(`\n(tickler ${version}, node ${process.version}, medians of ${runs} runs; 100k first runs and validate: ${Math.min(runs, 2)} runs)`);
