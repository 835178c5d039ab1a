// Checks of meaning, beyond the schema: names that must exist in tickler.yaml, dates that exist,
// a log in time order, covers that ran out. Pure; each finding carries the path it is about.
import { isTimeZone, isValidDate, type IsoDate } from './dates.js';
import { didYouMean, type Finding } from './diagnostics.js';
import { isDropped } from './filing.js';
import { NON_CONTACT_OUTCOMES, dayOf, type Dossier, type Settings } from './model.js';

function unknownName(kind: string, value: string, known: Iterable<string>, path: Finding['path'], rule: string, where: string): Finding {
  const guess = didYouMean(value, known);
  return {
    path,
    severity: 'error',
    rule,
    message: `unknown ${kind} "${value}"`,
    hint: guess
      ? `did you mean "${guess}"? (${kind}s are listed in ${where})`
      : [...known].length > 0
        ? `${kind}s are listed in ${where}: ${[...known].join(', ')}`
        : `there are no ${kind}s: ${where} declares none`,
  };
}

/**
 * What a dossier's text says only given the date: a cover that has ended, log entries dated after
 * today. Kept apart so that the cache can keep every other finding of a file (they do not change
 * overnight). Needs the whole log.
 */
export function dayFindings(dossier: Dossier, today: IsoDate): Finding[] {
  const findings: Finding[] = [];
  if (dossier.cover && dossier.cover.until < today) {
    findings.push({
      path: ['cover', 'until'],
      severity: 'warning',
      rule: 'expired-cover',
      message: `the cover by ${dossier.cover.by} ended on ${dossier.cover.until}`,
      hint: dossier.owner ? `run \`tickler handover --from ${dossier.owner} --end\` (or remove \`cover\`)` : 'remove `cover` once the owner is back',
    });
  }
  dossier.log.forEach((entry, i) => {
    if (dayOf(entry.at) > today) {
      findings.push({
        path: ['log', i, 'at'],
        severity: 'warning',
        rule: 'future-entry',
        message: `log entry ${i + 1} is dated ${entry.at}, after today (${today})`,
        hint: 'correct its date; until then no later contact can be logged after it',
      });
    }
  });
  return findings;
}

/** What dossierFindings looks names up in, made once per book (a first run checks every dossier). */
interface Names {
  team: string[];
  actions: ReadonlySet<string>;
  outcomes: string[];
  outcomeSet: ReadonlySet<string>;
}
const namesOf = new WeakMap<Settings, Names>();

function names(settings: Settings): Names {
  let known = namesOf.get(settings);
  if (!known) {
    const outcomes = [...settings.outcomes.keys(), ...NON_CONTACT_OUTCOMES];
    known = { team: [...settings.team.keys()], actions: new Set(settings.actions), outcomes, outcomeSet: new Set(outcomes) };
    namesOf.set(settings, known);
  }
  return known;
}

/** Errors and warnings about one dossier whose shape is already valid. */
export function dossierFindings(dossier: Dossier, settings: Settings, today: IsoDate | undefined): Finding[] {
  const findings: Finding[] = [];
  const known = names(settings);
  // (a path is made only for a finding: most dossiers have none, and a first run checks them all)
  type Part = string | number;
  const path = (a: Part, b?: Part, c?: Part): Finding['path'] => (b === undefined ? [a] : c === undefined ? [a, b] : [a, b, c]);
  const checkMember = (member: string | undefined, a: Part, b?: Part, c?: Part) => {
    if (member !== undefined && settings.team.size > 0 && !settings.team.has(member)) {
      findings.push(unknownName('team member', member, known.team, path(a, b, c), 'unknown-member', 'tickler.yaml `team`'));
    }
  };
  const checkDate = (date: string | undefined, a: Part, b?: Part, c?: Part) => {
    if (date !== undefined && date !== 'none' && !isValidDate(date.slice(0, 10))) {
      findings.push({ path: path(a, b, c), severity: 'error', rule: 'impossible-date', message: `${date.slice(0, 10)} is not a day of the calendar` });
    }
  };
  const checkAction = (action: string | undefined, a: Part, b?: Part, c?: Part) => {
    if (action !== undefined && action !== 'note' && !known.actions.has(action)) {
      findings.push(unknownName('action', action, settings.actions, path(a, b, c), 'unknown-action', 'tickler.yaml `actions`'));
    }
  };

  checkMember(dossier.owner, 'owner');
  if (dossier.stage !== undefined && !settings.stages.includes(dossier.stage)) {
    findings.push(unknownName('stage', dossier.stage, settings.stages, ['stage'], 'unknown-stage', 'tickler.yaml `stages`'));
  }
  for (let i = 0; i < dossier.contacts.length; i++) {
    const birthday = dossier.contacts[i]!.birthday;
    if (birthday === undefined) continue;
    if (!birthday.startsWith('--')) checkDate(birthday, 'contacts', i, 'birthday');
    else if (!isValidDate(`2000${birthday.slice(1)}`)) {
      findings.push({ path: ['contacts', i, 'birthday'], severity: 'error', rule: 'impossible-date', message: `${birthday} is not a day of the calendar` });
    }
  }
  if (dossier.next) {
    checkDate(dossier.next.date, 'next', 'date');
    checkAction(dossier.next.action, 'next', 'action');
  }
  if (dossier.cover) {
    checkMember(dossier.cover.by, 'cover', 'by');
    checkDate(dossier.cover.until, 'cover', 'until');
    if (today !== undefined) findings.push(...dayFindings(dossier, today));
  }
  for (let i = 0; i < dossier.complaints.length; i++) {
    const complaint = dossier.complaints[i]!;
    checkDate(complaint.opened, 'complaints', i, 'opened');
    checkDate(complaint.due, 'complaints', i, 'due');
    checkDate(complaint.resolved, 'complaints', i, 'resolved');
  }
  let previous: { ms: number; index: number } | undefined;
  for (let i = 0; i < dossier.log.length; i++) {
    const entry = dossier.log[i]!;
    checkDate(entry.at, 'log', i, 'at');
    checkMember(entry.by, 'log', i, 'by');
    checkAction(entry.action, 'log', i, 'action');
    if (entry.outcome !== undefined && !known.outcomeSet.has(entry.outcome)) {
      findings.push(unknownName('outcome', entry.outcome, known.outcomes, ['log', i, 'outcome'], 'unknown-outcome', 'tickler.yaml `outcomes`'));
    }
    checkDate(entry.next, 'log', i, 'next');
    checkDate(entry.from, 'log', i, 'from');
    checkDate(entry.to, 'log', i, 'to');
    const ms = Date.parse(entry.at);
    if (!Number.isNaN(ms)) {
      if (previous && ms < previous.ms) {
        findings.push({
          path: ['log', i, 'at'],
          severity: 'error',
          rule: 'log-order',
          message: `log entry ${i + 1} (${entry.at}) is earlier than entry ${previous.index + 1} above it`,
          hint: 'the log is kept oldest first; move this entry up to where it belongs',
        });
      }
      if (previous) {
        previous.ms = ms;
        previous.index = i;
      } else previous = { ms, index: i };
    }
  }
  if (isDropped(dossier, settings)) {
    findings.push({
      path: [],
      severity: 'warning',
      rule: 'no-next',
      message: `${dossier.stage ? `stage "${dossier.stage}" is active` : 'the client is active'} but has no next contact (a dropped ball)`,
      // (a cadence counts from the last logged contact: with none yet, it has nothing to count from)
      hint: dossier.cadence
        ? 'its `cadence` counts from the first logged contact, and none is logged yet: log one (`tickler log`), or add `next: { date: YYYY-MM-DD }`'
        : 'add `next: { date: YYYY-MM-DD }` (or a `cadence`), or move the client to a closed stage',
    });
  }
  return findings;
}

/** Meaning checks of tickler.yaml itself. */
export function settingsFindings(settings: Settings, raw: Record<string, unknown>): Finding[] {
  const findings: Finding[] = [];
  if (typeof raw.timezone === 'string' && !isTimeZone(raw.timezone)) {
    findings.push({ path: ['timezone'], severity: 'error', rule: 'unknown-timezone', message: `unknown time zone "${raw.timezone}"`, hint: 'use an IANA name such as Europe/Warsaw' });
  }
  if (typeof raw.locale === 'string') {
    try {
      new Intl.Collator(raw.locale);
    } catch {
      findings.push({ path: ['locale'], severity: 'error', rule: 'unknown-locale', message: `unknown locale "${raw.locale}"`, hint: 'use a BCP 47 tag such as pl or en-GB' });
    }
  }
  [...settings.closedStages].forEach((stage) => {
    if (!settings.stages.includes(stage)) {
      const index = Array.isArray(raw['closed-stages']) ? raw['closed-stages'].indexOf(stage) : -1;
      findings.push(unknownName('stage', stage, settings.stages, ['closed-stages', index], 'unknown-stage', '`stages`'));
    }
  });
  for (const [outcome, rule] of settings.outcomes) {
    if (rule.stage !== undefined && !settings.stages.includes(rule.stage)) {
      findings.push(unknownName('stage', rule.stage, settings.stages, ['outcomes', outcome, 'stage'], 'unknown-stage', '`stages`'));
    }
    if (rule.form !== undefined && !(rule.form in settings.forms)) {
      findings.push(unknownName('form', rule.form, Object.keys(settings.forms), ['outcomes', outcome, 'form'], 'unknown-form', '`forms`'));
    }
  }
  // (as written, for each day's place; one not written YYYY-MM-DD is the schema's finding)
  if (Array.isArray(raw.holidays)) raw.holidays.forEach((day: unknown, index) => {
    if (typeof day === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(day) && !isValidDate(day)) {
      findings.push({ path: ['holidays', index], severity: 'error', rule: 'impossible-date', message: `${day} is not a day of the calendar` });
    }
  });
  return findings;
}

/** The keys that make two dossiers likely the same client: each contact's phone (digits) and e-mail. */
export function contactKeys(contact: { phone?: string; email?: string }): string[] {
  const keys: string[] = [];
  const phone = contact.phone === undefined ? undefined : phoneDigits(contact.phone);
  if (phone && phone.replace('+', '').length >= 6) keys.push(`phone:${phone}`);
  const email = contact.email?.trim().toLowerCase();
  if (email) keys.push(`email:${email}`);
  return keys;
}

/** The digits and plus signs of a phone number (as phone.replace(/[^\d+]/g, '') gives them). */
function phoneDigits(phone: string): string {
  let kept = '';
  let from = 0;
  for (let i = 0; i < phone.length; i++) {
    const c = phone.charCodeAt(i);
    if ((c >= 48 && c <= 57) || c === 43) continue;
    kept += phone.slice(from, i);
    from = i + 1;
  }
  return from === 0 ? phone : kept + phone.slice(from);
}

/** Clients that are likely the same: same phone or e-mail in two dossiers. */
export function duplicateFindings(dossiers: readonly Dossier[]): { dossier: Dossier; finding: Finding }[] {
  const seen = new Map<string, { dossier: Dossier; contact: number }>();
  const result: { dossier: Dossier; finding: Finding }[] = [];
  for (const dossier of dossiers) {
    dossier.contacts.forEach((contact, i) => {
      for (const key of contactKeys(contact)) {
        const kind = key.slice(0, key.indexOf(':'));
        const first = seen.get(key);
        if (!first) {
          seen.set(key, { dossier, contact: i });
        } else if (first.dossier !== dossier) {
          result.push({
            dossier,
            finding: {
              path: ['contacts', i, kind],
              severity: 'warning',
              rule: 'duplicate-client',
              message: `same ${kind} as ${first.dossier.file} (${first.dossier.name}): likely the same client`,
              hint: 'merge the two dossiers, or ignore this if they really are different clients',
            },
          });
        }
      }
    });
  }
  return result;
}
