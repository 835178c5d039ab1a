// npm run bench [-- --sizes 1000,10000,100000 --runs 5]
// Generates realistic books (1.5–3 KB dossiers, contacts, 3–20 log entries, names in Polish,
// Russian, Bulgarian and Latvian), then times whole CLI processes (median of several runs) next to
// the floor: node start-up plus readdir and stat of every file.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(root, 'bin', 'tickler.js');
const args = process.argv.slice(2);
const arg = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const sizes = arg('sizes', '1000,10000').split(',').map(Number);
const runs = Number(arg('runs', '5'));
const TODAY = '2026-11-23';

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
const day = (offset) => new Date(Date.UTC(2026, 10, 23) + offset * 86400000).toISOString().slice(0, 10);

function dossier(n) {
  const person = `${pick(first)} ${pick(last)}`;
  const entries = 3 + Math.floor(random() * 12);
  const log = [];
  for (let i = 0; i < entries; i++) {
    const at = day(-400 + i * Math.floor(380 / entries));
    log.push(
      `  - at: ${at}T${String(8 + (i % 9)).padStart(2, '0')}:15+01:00\n    by: ${n % 2 ? 'alice' : 'bob'}\n    action: call\n    outcome: ${pick(outcomes)}\n    summary: ${pick(summaries)}\n    next: ${day(-400 + (i + 1) * Math.floor(380 / entries))}`,
    );
  }
  return `# yaml-language-server: $schema=../schemas/dossier.schema.json
name: ${pick(firms)} ${pick(last)} ${n}
owner: ${n % 2 ? 'alice' : 'bob'}
stage: ${pick(stages)}
priority: ${pick(['high', 'normal', 'normal', 'low'])}
tags: [${pick(['wholesale', 'retail', 'export'])}, ${pick(['warsaw', 'riga', 'sofia', 'moscow'])}]
contacts:
  - name: ${person}
    role: Purchasing director
    phone: "+48 600 ${String(n % 1000).padStart(3, '0')} ${String(n % 997).padStart(3, '0')}"
    email: buyer${n}@example.com
next:
  date: ${day(Math.floor(random() * 60) - 20)}
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
  const dir = join(root, 'bench', 'books', String(size));
  if (existsSync(join(dir, 'tickler.yaml')) && existsSync(join(dir, 'clients', `client-${size - 1}.yaml`))) return dir;
  mkdirSync(join(dir, 'clients'), { recursive: true });
  writeFileSync(join(dir, 'tickler.yaml'), 'timezone: Europe/Warsaw\ncapacity: 25\nteam:\n  alice: { email: alice@example.com }\n  bob: { email: bob@example.com }\n');
  seed = 42;
  for (let n = 0; n < size; n++) writeFileSync(join(dir, 'clients', `client-${n}.yaml`), dossier(n));
  return dir;
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function time(command, cwd, env = {}) {
  const samples = [];
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    const result = spawnSync(command[0], command.slice(1), { cwd, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, NO_COLOR: '1', ...env } });
    samples.push(Number(process.hrtime.bigint() - start) / 1e6);
    if (result.status !== 0 && result.status !== 1) throw new Error(`${command.join(' ')} failed: ${result.stderr}`);
  }
  return median(samples);
}

const floorScript = "const fs=require('fs');const d='clients';for(const f of fs.readdirSync(d))fs.statSync(d+'/'+f)";
const rows = [];
for (const size of sizes) {
  const book = ensureBook(size);
  const floor = time([process.execPath, '-e', floorScript], book);
  const row = { size, floor };
  for (const [name, cmd] of [['today', ['today']], ['agenda', ['agenda']], ['validate', ['validate']]]) {
    row[name] = time([process.execPath, cli, ...cmd, '--today', TODAY], book);
  }
  // log writes: time it on one client and put that file back afterwards.
  const logged = join(book, 'clients', 'client-7.yaml');
  const before = readFileSync(logged);
  try {
    row.log = time([process.execPath, cli, 'log', 'client-7', '--outcome', 'reached', '--summary', 'Bench call', '--next', '+1w', '--as', 'alice', '--today', TODAY], book, { TICKLER_NOW: `${TODAY}T09:15:00Z` });
  } finally {
    writeFileSync(logged, before);
  }
  rows.push(row);
  const fmt = (ms) => `${ms.toFixed(0)} ms`;
  console.log(
    `${String(size).padStart(6)} dossiers: floor ${fmt(floor)} · today ${fmt(row.today)} (${(row.today / floor).toFixed(1)}× floor) · agenda ${fmt(row.agenda)} · validate ${fmt(row.validate)} · log ${fmt(row.log)}`,
  );
}
const version = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version;
console.log(`\n(tickler ${version}, node ${process.version}, medians of ${runs} runs)`);
