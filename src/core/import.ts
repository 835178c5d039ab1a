// `import`: a spreadsheet's rows as dossiers. The CSV read (csv-parse), its columns matched to the
// fields a dossier has, and each row judged: a new dossier, an update of one, skipped or rejected.
// Pure: the command reads the file and the book, and writes what this plans.
import { parse, type Options } from 'csv-parse/sync';
import { isValidDate, type IsoDate } from './dates.js';
import type { DataEdit } from './edits.js';
import type { Contact, Dossier, Member } from './model.js';
import { EMAIL_SHAPE, foldForSearch } from './text.js';

/** The fields a column can fill, in the order their columns are guessed. */
export const IMPORT_FIELDS = ['name', 'contact', 'role', 'phone', 'email', 'next', 'owner', 'stage', 'tags', 'notes'] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];

// ---------------------------------------------------------------------------------------------
// The file as a table

export interface CsvTable {
  delimiter: string;
  /** The header's cells, trimmed. */
  header: string[];
  records: CsvRecord[];
}

export interface CsvRecord {
  /** The line of the file the record starts on (the header is on line 1, unless blank lines precede it). */
  row: number;
  cells: string[];
}

/** The file's text, or why it is not UTF-8 text. */
export function decodeCsv(bytes: Uint8Array): { text: string } | { problem: string } {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    return { problem: 'is UTF-16 text; save it as "CSV UTF-8" (in Excel: Save as, CSV UTF-8) and import that' };
  }
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    if (text.replace(/^\ufeff/, '').trim() === '') return { problem: 'is empty' };
    if (text.includes('\u0000')) return { problem: 'holds NUL bytes: not a text file (a spreadsheet saved as .xlsx? save it as CSV UTF-8)' };
    return { text };
  } catch {
    return { problem: 'is not UTF-8 text; save it as "CSV UTF-8" from the spreadsheet (or convert it: iconv -f CP1250 -t UTF-8)' };
  }
}

/** The delimiters told apart by their header line (`--delimiter` may name any other). */
export const DELIMITERS = [',', ';', '\t'] as const;

const BASE_OPTIONS: Options = {
  bom: true,
  // (spreadsheets and exports of other tools: quotes inside unquoted cells, short rows, any line
  // ends, even mixed ones)
  relax_quotes: true,
  relax_column_count: true,
  skip_empty_lines: true,
  record_delimiter: ['\r\n', '\n', '\r'],
  // (a cell of a megabyte is not a client's data: a broken quote swallowing the file)
  max_record_size: 1 << 20,
};

/** The delimiter that splits the header line into the most columns (comma on a tie). */
export function detectDelimiter(text: string): string {
  let best: string = DELIMITERS[0];
  let most = 0;
  for (const delimiter of DELIMITERS) {
    let width = 0;
    try {
      const [first] = parse(text, { ...BASE_OPTIONS, delimiter, to: 1 }) as string[][];
      width = first?.length ?? 0;
    } catch {
      // this delimiter does not even read the first line
    }
    if (width > most) [best, most] = [delimiter, width];
  }
  return best;
}

const breaks = (text: string) => text.match(/\r\n|\r|\n/g)?.length ?? 0;
const crlfs = (text: string) => text.match(/\r\n/g)?.length ?? 0;

/** The file as header and records, or where and why it cannot be read as CSV. */
export function readCsv(text: string, delimiter = detectDelimiter(text)): { table: CsvTable } | { problem: string } {
  let parsed: { record: string[]; info: { lines: number } }[];
  try {
    parsed = parse(text, { ...BASE_OPTIONS, delimiter, info: true }) as unknown as typeof parsed;
  } catch (error) {
    const { lines, message } = error as { lines?: number; message: string };
    return { problem: `${lines !== undefined ? `line ${lines}: ` : ''}cannot be read as CSV: ${message.replace(/\s+/g, ' ')}` };
  }
  // csv-parse's `lines` is the line a record ends on, and counts a CRLF inside a quoted cell as
  // two lines: the start line is worked back from the cells themselves.
  let doubled = 0;
  const records: CsvRecord[] = [];
  for (const { record, info } of parsed) {
    let inside = 0;
    for (const cell of record) {
      inside += breaks(cell);
      doubled += crlfs(cell);
    }
    records.push({ row: info.lines - doubled - inside, cells: record });
  }
  const first = records.shift();
  if (!first) return { problem: 'is empty' };
  return { table: { delimiter, header: first.cells.map((cell) => cell.trim()), records: records.filter((r) => r.cells.some((cell) => cell.trim() !== '')) } };
}

// ---------------------------------------------------------------------------------------------
// Columns

/** A header as compared: lowercase, accents and punctuation gone ("E-mail" = "email", "Tālr." = "talr"). */
export function headerKey(text: string): string {
  return foldForSearch(text).replace(/[^\p{L}\p{N}]+/gu, '');
}

/**
 * What each field's column is called in English, Polish, Latvian, Bulgarian and Russian, the
 * likelier first. "name" is last for the client's name: beside a "company" column it is the
 * contact person's.
 */
const HEADERS: Record<ImportField, readonly string[]> = {
  name: [
    'company', 'company name', 'client', 'client name', 'customer', 'customer name', 'account', 'account name', 'organization', 'organisation', 'business', 'firm',
    'firma', 'nazwa', 'nazwa firmy', 'nazwa klienta', 'klient', 'kontrahent', 'nazwa kontrahenta',
    'uzņēmums', 'uzņēmuma nosaukums', 'nosaukums', 'klients', 'klienta nosaukums',
    'фирма', 'име на фирма', 'име на фирмата', 'компания', 'име на компания', 'клиент', 'наименование',
    'название', 'название компании', 'организация', 'наименование организации',
    'name', 'име',
  ],
  contact: [
    'contact', 'contact person', 'contact name', 'person', 'full name', 'name',
    'kontakt', 'osoba kontaktowa', 'osoba do kontaktu', 'imię i nazwisko', 'osoba',
    'kontaktpersona', 'kontaktpersonas vārds', 'kontaktpersonas', 'vārds uzvārds', 'vārds',
    'лице за контакт', 'лице за връзка', 'контактно лице', 'контакт', 'име',
    'контактное лицо', 'фио', 'имя',
  ],
  role: [
    'role', 'position', 'title', 'job title',
    'stanowisko', 'funkcja', 'rola',
    'amats', 'loma',
    'длъжност', 'позиция', 'роля',
    'должность', 'роль',
  ],
  phone: [
    'phone', 'telephone', 'phone number', 'tel', 'mobile', 'cell', 'mobile phone',
    'telefon', 'nr telefonu', 'numer telefonu', 'telefon komórkowy', 'komórka',
    'tālrunis', 'tālr', 'telefons', 'tālruņa numurs', 'mobilais',
    'телефон', 'тел', 'мобилен', 'gsm', 'телефонен номер',
    'номер телефона', 'мобильный', 'мобильный телефон',
  ],
  email: [
    'email', 'e-mail', 'mail', 'email address', 'e-mail address',
    'adres e-mail', 'adres email',
    'e-pasts', 'e-pasta adrese',
    'имейл', 'имейл адрес', 'ел. поща', 'електронна поща',
    'эл. почта', 'электронная почта', 'почта',
  ],
  next: [
    'next', 'next contact', 'next contact date', 'next date', 'next call', 'follow-up', 'follow up', 'follow-up date',
    'następny kontakt', 'kolejny kontakt', 'data kontaktu', 'data następnego kontaktu', 'następny',
    'nākamais kontakts', 'nākamā saziņa', 'nākamā kontakta datums',
    'следващ контакт', 'следващо обаждане', 'дата на контакт',
    'следующий контакт', 'след. контакт', 'дата контакта', 'дата следующего контакта', 'следующий звонок',
  ],
  owner: [
    'owner', 'account manager', 'sales rep', 'salesperson', 'responsible', 'assigned to', 'manager',
    'opiekun', 'opiekun klienta', 'handlowiec', 'odpowiedzialny', 'właściciel',
    'atbildīgais', 'menedžeris', 'pārdevējs', 'īpašnieks',
    'отговорник', 'търговец', 'отговорен', 'собственик', 'мениджър',
    'ответственный', 'менеджер', 'куратор', 'владелец',
  ],
  stage: [
    'stage', 'status', 'pipeline stage', 'deal stage',
    'etap', 'status klienta',
    'posms', 'statuss', 'stadija',
    'етап', 'статус',
    'этап', 'стадия', 'статус',
  ],
  tags: [
    'tags', 'tag', 'labels', 'categories', 'category',
    'tagi', 'etykiety', 'kategoria', 'kategorie',
    'birkas', 'tagi', 'kategorija', 'kategorijas',
    'тагове', 'етикети', 'категория',
    'теги', 'метки', 'категория',
  ],
  notes: [
    'notes', 'note', 'comments', 'comment', 'remarks', 'description',
    'uwagi', 'notatki', 'notatka', 'komentarz', 'opis',
    'piezīmes', 'komentāri', 'komentārs', 'apraksts',
    'бележки', 'бележка', 'забележки', 'коментар', 'коментари',
    'примечания', 'примечание', 'заметки', 'комментарий', 'комментарии', 'описание',
  ],
};

const HEADER_KEYS = Object.fromEntries(IMPORT_FIELDS.map((field) => [field, HEADERS[field].map(headerKey)])) as Record<ImportField, string[]>;

/** Field → column (0-based). */
export type Columns = Partial<Record<ImportField, number>>;

/** A column as people see it: its number and header, `3 "Telefon"`. */
export function columnLabel(header: readonly string[], index: number): string {
  return header[index] ? `${index + 1} "${header[index]}"` : `${index + 1}`;
}

/**
 * The column of each field: those `maps` name (`FIELD=COLUMN`, COLUMN a header or a 1-based
 * number; `FIELD=` leaves the field out), the others guessed from the headers.
 */
export function importColumns(header: readonly string[], maps: readonly string[] = []): { columns: Columns } | { problem: string } {
  const columns: Columns = {};
  const used = new Set<number>();
  const off = new Set<ImportField>();
  const known = () => header.map((_, i) => columnLabel(header, i)).join(', ');
  for (const map of maps) {
    const eq = map.indexOf('=');
    const field = (eq < 0 ? map : map.slice(0, eq)).trim().toLowerCase() as ImportField;
    if (!IMPORT_FIELDS.includes(field)) return { problem: `--map ${map}: unknown field "${field}" (fields: ${IMPORT_FIELDS.join(', ')})` };
    if (eq < 0) return { problem: `--map ${map}: write FIELD=COLUMN, e.g. --map phone=3 or --map "phone=Tel. komórkowy"` };
    const column = map.slice(eq + 1).trim();
    if (column === '') {
      off.add(field);
      delete columns[field];
      continue;
    }
    let index: number;
    if (/^\d+$/.test(column)) {
      index = Number(column) - 1;
      if (index < 0 || index >= header.length) return { problem: `--map ${map}: the file has no column ${column} (columns: ${known()})` };
    } else {
      let found = header.flatMap((h, i) => (h === column ? [i] : []));
      if (found.length === 0) found = header.flatMap((h, i) => (headerKey(h) === headerKey(column) ? [i] : []));
      if (found.length === 0) return { problem: `--map ${map}: the file has no column "${column}" (columns: ${known()})` };
      if (found.length > 1) return { problem: `--map ${map}: ${found.length} columns are called "${column}"; name the one by its number (${found.map((i) => i + 1).join(' or ')})` };
      index = found[0]!;
    }
    columns[field] = index;
    off.delete(field);
    used.add(index);
  }
  const keys = header.map(headerKey);
  for (const field of IMPORT_FIELDS) {
    if (columns[field] !== undefined || off.has(field)) continue;
    for (const wanted of HEADER_KEYS[field]) {
      const index = keys.findIndex((key, i) => key === wanted && !used.has(i));
      if (index >= 0) {
        columns[field] = index;
        used.add(index);
        break;
      }
    }
  }
  if (columns.name === undefined) {
    return { problem: `no column for the client's name (a header such as name, company, firma, nazwa, uzņēmums, фирма, название); name it with --map name=COLUMN (columns: ${known()})` };
  }
  return { columns };
}

// ---------------------------------------------------------------------------------------------
// Rows

/** A row's values for the fields its columns give: only those present (a blank cell is none). */
export interface RowFields {
  name: string;
  contact?: string;
  role?: string;
  phone?: string;
  email?: string;
  next?: IsoDate;
  owner?: string;
  stage?: string;
  tags?: string[];
  notes?: string;
}

/** What the planner needs of the book. */
export interface ImportBook {
  team: ReadonlyMap<string, Member>;
  stages: readonly string[];
  /** The action of a new `next` (the book's first). */
  action: string;
  /** For rows without an owner: --owner, else the one who imports. */
  owner: string;
  /** For rows without a stage (as `add`: lead, else the first). */
  stage: string;
  /** The book's dossiers, for duplicates: the readable ones, and what could be read of the others. */
  dossiers: readonly Dossier[];
  /** The ids of the dossiers whose files have errors: a row matching one is skipped, never an update. */
  broken?: ReadonlySet<string>;
  /** Every id the book has (dossiers with errors too): new ones avoid them. */
  ids: Iterable<string>;
  /** The id `add` would make from a name (undefined: none can be made). */
  idFromName: (name: string) => string | undefined;
  /** Update the dossier a row duplicates instead of skipping it. */
  update: boolean;
  /** Why a new dossier's data would not make a valid file, if so. */
  check?: (id: string, data: Record<string, unknown>) => string | undefined;
}

export type RowOutcome =
  | { kind: 'create'; row: number; id: string; data: Record<string, unknown> }
  /** `dossier`: the client as the book's list gave it (the update itself is made on its file as it is then). */
  | { kind: 'update'; row: number; id: string; file: string; fields: RowFields; why: string; dossier: Dossier }
  | { kind: 'skip'; row: number; reason: string; id?: string; file?: string }
  | { kind: 'reject'; row: number; reason: string };

const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;
const MEMBER_KEY = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** A date as spreadsheets in the users' countries write it: 2026-11-24, 24.11.2026 or 4.1.2027. */
export function importDate(text: string): IsoDate | undefined {
  const value = text.trim();
  if (isValidDate(value)) return value;
  const m = /^(\d{1,2})\.(\d{1,2})\.(\d{4})\.?$/.exec(value);
  if (!m) return undefined;
  const date = `${m[3]}-${m[2]!.padStart(2, '0')}-${m[1]!.padStart(2, '0')}`;
  return isValidDate(date) ? date : undefined;
}

/** Phones by their digits, with any leading zeros (00 before a country code, a trunk 0) dropped. */
const phoneDigits = (phone: string) => phone.replace(/\D/g, '').replace(/^0+/, '');
/** The same number, also with and without a country code: "+48 600 100 200" and "600-100-200". */
export function samePhone(a: string, b: string): boolean {
  const x = phoneDigits(a);
  const y = phoneDigits(b);
  const [short, long] = x.length <= y.length ? [x, y] : [y, x];
  return short.length >= 7 && long.length - short.length <= 3 && long.endsWith(short);
}
/** Phones are looked up by their last seven digits, then compared. */
const phoneBucket = (phone: string) => {
  const digits = phoneDigits(phone);
  return digits.length >= 7 ? digits.slice(-7) : undefined;
};

/** Lowercase without accents, for names of people and stages. */
const folded = (text: string) => foldForSearch(text).replace(/\s+/g, ' ').trim();

/** Who a row's owner is: a member's key, name or e-mail. */
function memberOf(value: string, team: ReadonlyMap<string, Member>): string | undefined {
  if (team.size === 0) return MEMBER_KEY.test(value) ? value : undefined;
  if (team.has(value)) return value;
  const wanted = folded(value);
  for (const member of team.values()) {
    if (member.key.toLowerCase() === wanted || (member.name && folded(member.name) === wanted) || member.email?.toLowerCase() === wanted) return member.key;
  }
  return undefined;
}

/** A row's cells as fields, or every reason it cannot be imported. */
export function rowFields(cells: readonly string[], header: readonly string[], columns: Columns, book: Pick<ImportBook, 'team' | 'stages'>): { fields: RowFields } | { problems: string[] } {
  const problems: string[] = [];
  const raw = (field: ImportField): string | undefined => {
    const index = columns[field];
    const cell = index === undefined ? undefined : cells[index];
    if (cell === undefined || cell.trim() === '') return undefined;
    if (CONTROL.test(cell)) {
      problems.push(`${field} (column ${columnLabel(header, index!)}) holds control characters`);
      return undefined;
    }
    return cell;
  };
  const line = (field: ImportField) => raw(field)?.replace(/\s+/g, ' ').trim();
  const name = line('name');
  if (name === undefined && problems.length === 0) problems.push(`no name (column ${columnLabel(header, columns.name!)} is blank)`);
  const fields: RowFields = { name: name ?? '' };
  for (const field of ['contact', 'role', 'phone'] as const) {
    const value = line(field);
    if (value !== undefined) fields[field] = value;
  }
  const email = line('email');
  if (email !== undefined) {
    if (EMAIL_SHAPE.test(email)) fields.email = email;
    else problems.push(`e-mail "${email}" is not an e-mail address`);
  }
  const next = line('next');
  if (next !== undefined) {
    const date = importDate(next);
    if (date) fields.next = date;
    else problems.push(`next "${next}" is not a date (write 2026-11-24 or 24.11.2026)`);
  }
  const owner = line('owner');
  if (owner !== undefined) {
    const member = memberOf(owner, book.team);
    if (member) fields.owner = member;
    else problems.push(`owner "${owner}" is not in the team${book.team.size > 0 ? ` (${[...book.team.keys()].join(', ')})` : ''}`);
  }
  const stage = line('stage');
  if (stage !== undefined) {
    const known = book.stages.find((s) => s === stage) ?? book.stages.find((s) => headerKey(s) === headerKey(stage));
    if (known) fields.stage = known;
    else problems.push(`stage "${stage}" is not one of the book's stages (${book.stages.join(', ')})`);
  }
  const tags = line('tags');
  if (tags !== undefined) {
    const list = [...new Set(tags.split(/[,;]/).map((tag) => tag.trim()).filter(Boolean))];
    if (list.length > 0) fields.tags = list;
  }
  const notes = raw('notes');
  if (notes !== undefined) fields.notes = notes.replace(/\r\n?/g, '\n').replace(/\t/g, ' ').replace(/[ ]+$/gm, '').trim();
  return problems.length > 0 ? { problems } : { fields };
}

/** The first contact of a new dossier: the person, else (a phone or e-mail alone) the client itself. */
function contactOf(fields: RowFields): Contact | undefined {
  if (fields.contact === undefined && fields.phone === undefined && fields.email === undefined) return undefined;
  const contact: Contact = { name: fields.contact ?? fields.name };
  if (fields.role !== undefined) contact.role = fields.role;
  if (fields.phone !== undefined) contact.phone = fields.phone;
  if (fields.email !== undefined) contact.email = fields.email;
  return contact;
}

/** The data of a new dossier from a row (as `add` writes it). */
export function newDossierData(fields: RowFields, book: Pick<ImportBook, 'owner' | 'stage' | 'action'>): Record<string, unknown> {
  const contact = contactOf(fields);
  return {
    name: fields.name,
    owner: fields.owner ?? book.owner,
    stage: fields.stage ?? book.stage,
    tags: fields.tags,
    contacts: contact ? [contact] : undefined,
    next: fields.next ? { date: fields.next, action: book.action } : undefined,
    notes: fields.notes,
  };
}

/** The id for a name that is not taken: the name's own, else with -2, -3… (still 64 characters at most). */
export function freeId(base: string, taken: ReadonlySet<string>): string {
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) {
    const suffix = `-${n}`;
    const id = `${base.slice(0, 64 - suffix.length).replace(/-+$/, '')}${suffix}`;
    if (!taken.has(id)) return id;
  }
}

/** Where rows and dossiers are found by phone, e-mail and name. */
class Finder<T> {
  private readonly phones = new Map<string, { phone: string; what: T }[]>();
  private readonly emails = new Map<string, T>();
  private readonly names = new Map<string, T>();

  add(what: T, name: string, phones: readonly (string | undefined)[], emails: readonly (string | undefined)[], nameKey: string): void {
    for (const phone of phones) {
      const bucket = phone === undefined ? undefined : phoneBucket(phone);
      if (bucket === undefined) continue;
      const list = this.phones.get(bucket) ?? [];
      list.push({ phone: phone!, what });
      this.phones.set(bucket, list);
    }
    for (const email of emails) if (email) this.emails.set(email.toLowerCase(), this.emails.get(email.toLowerCase()) ?? what);
    if (name !== '' && !this.names.has(nameKey)) this.names.set(nameKey, what);
  }

  /** Everything the row's phone, e-mail or name leads to, once each, with why. */
  find(fields: RowFields, nameKey: string): { what: T; why: string }[] {
    const found: { what: T; why: string }[] = [];
    const push = (what: T | undefined, why: string) => {
      if (what !== undefined && !found.some((f) => f.what === what)) found.push({ what, why });
    };
    if (fields.phone !== undefined) {
      const bucket = phoneBucket(fields.phone);
      for (const entry of (bucket && this.phones.get(bucket)) || []) if (samePhone(entry.phone, fields.phone)) push(entry.what, `same phone ${fields.phone}`);
    }
    if (fields.email !== undefined) push(this.emails.get(fields.email.toLowerCase()), `same e-mail ${fields.email}`);
    push(this.names.get(nameKey), 'same name');
    return found;
  }
}

/**
 * What to do with each record: rows are judged in the file's order, each against the book and
 * the rows before it. A row that repeats an earlier row (phone, e-mail or name) is rejected with
 * that row's number; one that matches a client of the book is skipped, or with `update`
 * becomes an update of it; the rest are new dossiers, with ids the book and the file do not have.
 */
export function planImport(table: CsvTable, columns: Columns, book: ImportBook): RowOutcome[] {
  const nameKey = (name: string) => book.idFromName(name) ?? folded(name);
  const inBook = new Finder<Dossier>();
  for (const dossier of book.dossiers) {
    inBook.add(dossier, dossier.name, dossier.contacts.map((c) => c.phone), dossier.contacts.map((c) => c.email), nameKey(dossier.name));
  }
  const inFile = new Finder<number>();
  const taken = new Set(book.ids);
  /** Dossiers already claimed by a row (with --update), by id → row. */
  const claimed = new Map<string, number>();
  const outcomes: RowOutcome[] = [];
  for (const { row, cells } of table.records) {
    const read = rowFields(cells, table.header, columns, book);
    if ('problems' in read) {
      outcomes.push({ kind: 'reject', row, reason: read.problems.join('; ') });
      continue;
    }
    const { fields } = read;
    const extra = cells.slice(table.header.length).filter((cell) => cell.trim() !== '');
    if (extra.length > 0) {
      outcomes.push({ kind: 'reject', row, reason: `${cells.length} cells where the header has ${table.header.length} columns (a "${table.delimiter === '\t' ? 'tab' : table.delimiter}" inside a cell that is not quoted?)` });
      continue;
    }
    const key = nameKey(fields.name);
    const earlier = inFile.find(fields, key)[0];
    if (earlier) {
      outcomes.push({ kind: 'reject', row, reason: `duplicate of row ${earlier.what} (${earlier.why})` });
      continue;
    }
    const matches = inBook.find(fields, key);
    const remember = () => inFile.add(row, fields.name, [fields.phone], [fields.email], key);
    if (matches.length > 0) {
      const said = matches.map((m) => `${m.what.file}: ${m.why}`).join('; ');
      const [match] = matches;
      const broken = book.broken?.has(match!.what.id) === true;
      if (!book.update || matches.length > 1 || broken) {
        const reason =
          matches.length > 1
            ? `matches ${matches.length} clients of the book (${said})${book.update ? '; not updated' : ''}`
            : `already in the book (${said})${broken ? `; ${match!.what.file} has errors, so it is not updated: \`tickler validate\` shows them` : ''}`;
        outcomes.push({ kind: 'skip', row, reason, id: match!.what.id, file: match!.what.file });
      } else if (claimed.has(match!.what.id)) {
        outcomes.push({ kind: 'reject', row, reason: `duplicate of row ${claimed.get(match!.what.id)} (both match ${match!.what.file})` });
        continue;
      } else {
        claimed.set(match!.what.id, row);
        outcomes.push({ kind: 'update', row, id: match!.what.id, file: match!.what.file, fields, why: match!.why, dossier: match!.what });
      }
      remember();
      continue;
    }
    const base = book.idFromName(fields.name);
    if (base === undefined) {
      outcomes.push({ kind: 'reject', row, reason: `cannot make a file name from the name "${fields.name}"` });
      continue;
    }
    const id = freeId(base, taken);
    const data = newDossierData(fields, book);
    const problem = book.check?.(id, data);
    if (problem !== undefined) {
      outcomes.push({ kind: 'reject', row, reason: problem });
      continue;
    }
    taken.add(id);
    remember();
    outcomes.push({ kind: 'create', row, id, data });
  }
  return outcomes;
}

// ---------------------------------------------------------------------------------------------
// Updates

/**
 * The edits that bring a dossier up to a row, field by field, for the fields the row has: owner,
 * stage and next are set; tags are added; notes are added after the dossier's own (unless they
 * are there already); the row's person (the contact of that name; with no name, the contact with
 * the row's phone or e-mail) gets the row's role, phone and e-mail, or is added as a new contact.
 * Names (the client's, which found the dossier, and people's) are left as they are. Nothing to
 * change: no edits.
 */
export function updateEdits(dossier: Dossier, fields: RowFields, action: string): { edits: DataEdit[]; changed: ImportField[] } {
  const edits: DataEdit[] = [];
  const changed = new Set<ImportField>();
  const set = (field: ImportField, path: (string | number)[], value: unknown) => {
    edits.push({ op: 'set', path, value });
    changed.add(field);
  };
  if (fields.owner !== undefined && fields.owner !== dossier.owner) set('owner', ['owner'], fields.owner);
  if (fields.stage !== undefined && fields.stage !== dossier.stage) set('stage', ['stage'], fields.stage);
  if (fields.next !== undefined && fields.next !== dossier.next?.date) {
    if (dossier.next) set('next', ['next', 'date'], fields.next);
    else set('next', ['next'], { date: fields.next, action });
  }
  if (fields.tags !== undefined) {
    const missing = fields.tags.filter((tag) => !dossier.tags.includes(tag));
    if (dossier.tags.length === 0 && missing.length > 0) set('tags', ['tags'], missing);
    else
      for (const tag of missing) {
        edits.push({ op: 'append', path: ['tags'], value: tag });
        changed.add('tags');
      }
  }
  if (fields.notes !== undefined && !(dossier.notes ?? '').includes(fields.notes)) {
    set('notes', ['notes'], dossier.notes?.trim() ? `${dossier.notes.trimEnd()}\n\n${fields.notes}` : fields.notes);
  }
  const person = contactOf(fields);
  if (person) {
    // (a person is known by name: a row naming someone else adds them, even with a number
    // another contact has; a row naming no one updates the contact with its phone or e-mail)
    const at = dossier.contacts.findIndex((c) =>
      fields.contact !== undefined
        ? folded(c.name) === folded(fields.contact)
        : (fields.phone !== undefined && c.phone !== undefined && samePhone(c.phone, fields.phone)) || (fields.email !== undefined && c.email?.toLowerCase() === fields.email.toLowerCase()),
    );
    const contact = dossier.contacts[at];
    if (!contact) {
      if (dossier.contacts.length === 0) set('contact', ['contacts'], [person]);
      else {
        edits.push({ op: 'append', path: ['contacts'], value: person });
        changed.add('contact');
      }
    } else {
      if (fields.role !== undefined && contact.role !== fields.role) set('role', ['contacts', at, 'role'], fields.role);
      if (fields.phone !== undefined && !(contact.phone !== undefined && samePhone(contact.phone, fields.phone))) set('phone', ['contacts', at, 'phone'], fields.phone);
      if (fields.email !== undefined && contact.email?.toLowerCase() !== fields.email.toLowerCase()) set('email', ['contacts', at, 'email'], fields.email);
    }
  }
  return { edits, changed: IMPORT_FIELDS.filter((field) => changed.has(field)) };
}
