// What completion offers from the book: client ids (the file names of clients/, no dossier is
// read), members, stages, outcomes and actions (tickler.yaml read without checks). Loaded only by
// `tickler __complete`.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { findBook } from '../book/discover.js';
import { DEFAULT_ACTIONS, DEFAULT_OUTCOMES, DEFAULT_STAGES } from '../core/settings.js';
import type { Context } from './context.js';

export interface BookWords {
  clients: string[];
  members: string[];
  stages: string[];
  outcomes: string[];
  actions: string[];
}

/** What the book offers, read as cheaply as possible; nothing when there is no book. */
export function bookWords(ctx: Context, words: readonly string[]): BookWords {
  const given = words.indexOf('--book');
  const none: BookWords = { clients: [], members: [], stages: DEFAULT_STAGES, outcomes: Object.keys(DEFAULT_OUTCOMES), actions: DEFAULT_ACTIONS };
  let root: string;
  try {
    root = findBook(ctx.cwd, given >= 0 ? words[given + 1] : ctx.env.TICKLER_BOOK);
  } catch {
    return none;
  }
  const out = { ...none };
  try {
    out.clients = readdirSync(join(root, 'clients')).flatMap((name) => (name.endsWith('.yaml') && !name.startsWith('.') ? [name.slice(0, -5)] : []));
  } catch {
    // (no clients/ yet)
  }
  try {
    const settings = load(readFileSync(join(root, 'tickler.yaml'), 'utf8')) as Record<string, unknown> | null;
    const keys = (value: unknown) => (value && typeof value === 'object' && !Array.isArray(value) ? Object.keys(value) : undefined);
    const list = (value: unknown) => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : undefined);
    out.members = keys(settings?.team) ?? [];
    out.stages = list(settings?.stages) ?? out.stages;
    // (what `log --outcome` takes: the book's outcomes, and note)
    out.outcomes = [...(keys(settings?.outcomes) ?? out.outcomes), 'note'];
    out.actions = list(settings?.actions) ?? out.actions;
  } catch {
    // (a tickler.yaml that does not read: the defaults)
  }
  return out;
}

