// `tickler digest`: the morning email. The book is read once; each member gets their `today`
// (covers included) as text and HTML, at the one address tickler.yaml gives them (or --to).
// A member whose digest cannot go is reported and gets nothing; the others still get theirs.
import { hostname } from 'node:os';
import type { Command } from 'commander';
import { Chalk } from 'chalk';
import { todayView, type TodayView } from '../../core/agenda.js';
import { digestSubject, isEmptyDay, recipientsOf, senderOf, type DigestRecipient, type Sender } from '../../core/digest.js';
import type { Settings } from '../../core/model.js';
import { EXIT, RefusedError, UsageError } from '../../errors.js';
import { digestHtml } from '../../render/html/digest.js';
import { renderToday } from '../../render/text/agenda.js';
import { openBook, scopeFor, settingsErrors, todayFor, type BookOptions, type DateOptions, type WhoOptions } from '../book.js';
import type { Context } from '../context.js';
import { addBookOption, addDateOption, examples, type Bind } from '../options.js';

export interface DigestOptions extends BookOptions, DateOptions, WhoOptions {
  all?: boolean;
  to?: string;
  dryRun?: boolean;
  sendEmpty?: boolean;
}

export function defineDigest(program: Command, bind: Bind): void {
  const command = program
    .command('digest')
    .description("e-mail each member their day (today's divider, covers included), as text and HTML")
    .option('--all', 'every member of the team')
    .option('--owner <member>', 'this member only')
    .option('--mine', 'me only')
    .option('--as <member>', 'who "me" is (default: $TICKLER_USER, else git config user.email)')
    .option('--to <address>', "send the one member's digest to this address instead of theirs")
    .option('--dry-run', 'print the messages; send nothing')
    .option('--send-empty', 'also mail members who have nothing due');
  addBookOption(command);
  addDateOption(command);
  command.addHelpText(
    'after',
    `
Sends through SMTP when TICKLER_SMTP_URL is set (smtp://host:587 upgrades
with STARTTLS when the server offers it; smtps://user:password@host:465;
?requireTLS=true insists on it), else through the local sendmail
(TICKLER_SENDMAIL names another). The sender is tickler.yaml \`mail.from\`.
Results per member go to stderr; exit 0 only when every digest was accepted.`,
  );
  examples(command, [
    ['tickler digest --all', 'from cron, each working morning (after `tickler sync`)'],
    ['tickler digest --all --dry-run', 'see what would be sent'],
    ['tickler digest --owner bob --to me@example.com', "Bob's digest to me"],
  ]);
  command.action(bind(digestAction));
}

/** One member's message, made and not yet sent. */
export interface DigestMessage {
  member: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  view: TodayView;
}

export interface DigestPlan {
  from: Sender;
  date: string;
  messages: DigestMessage[];
  /** Members with nothing due (no mail unless --send-empty). */
  empty: string[];
  /** Members whose digest cannot go, and why. */
  failed: Required<Pick<DigestRecipient, 'member' | 'problem'>>[];
}

function membersOf(settings: Settings, options: DigestOptions, scopeOwner: string | undefined): string[] {
  const chosen = [options.all, options.owner !== undefined, options.mine].filter(Boolean).length;
  if (chosen === 0) throw new UsageError('whose digest? --all (every member), --owner MEMBER or --mine');
  if (chosen > 1) throw new UsageError('use one of --all, --owner and --mine');
  if (options.all) {
    if (options.to !== undefined) throw new UsageError('--to sends one member\'s digest elsewhere: use it with --owner or --mine, not --all');
    if (settings.team.size === 0) throw new RefusedError('tickler.yaml has no `team`: the digest goes to its members, each with an `email`');
    return [...settings.team.keys()];
  }
  return [scopeOwner!];
}

/** The sender: mail.from, else tickler@<this host>; a dry run makes do without one. */
function senderFor(ctx: Context, settings: Settings, dryRun: boolean): Sender {
  const sender = senderOf(settings.mailFrom ?? `tickler@${hostname()}`);
  if (typeof sender !== 'string') return sender;
  const problem = settings.mailFrom ? sender : `${sender}; set mail.from in tickler.yaml`;
  if (!dryRun) throw new RefusedError(problem);
  ctx.stderr.write(`tickler: ${problem} (needed to send; a dry run shows the messages without it)\n`);
  return { name: '(no sender)', address: 'tickler@invalid.example' };
}

/** Every member's digest of the day, from one read of the book. */
export async function runDigest(ctx: Context, options: DigestOptions): Promise<DigestPlan & { settingsExit: number }> {
  const store = await openBook(ctx, options);
  const settingsExit = settingsErrors(ctx, store);
  const { settings } = store;
  const scope = options.all ? {} : scopeFor(ctx, store, options);
  const members = membersOf(settings, options, scope.owner);
  const from = senderFor(ctx, settings, options.dryRun === true);
  const date = todayFor(ctx, settings, options);
  const dossiers = await store.dossiersFor({ from: date, until: date });
  const problems = await store.problems();
  const plain = { chalk: new Chalk({ level: 0 }), columns: 78 };
  const plan: DigestPlan = { from, date, messages: [], empty: [], failed: [] };
  for (const recipient of recipientsOf(settings, members, options.to)) {
    if (recipient.problem !== undefined) {
      plan.failed.push({ member: recipient.member, problem: recipient.problem });
      continue;
    }
    const view = todayView(dossiers, settings, date, { owner: recipient.member }, problems);
    if (isEmptyDay(view) && !options.sendEmpty) {
      plan.empty.push(recipient.member);
      continue;
    }
    const subject = digestSubject(view);
    const name = settings.team.get(recipient.member)?.name ?? recipient.member;
    const text = `${renderToday(view, plain)}\n-- \nSent automatically by tickler digest for ${name}.\n`;
    plan.messages.push({ member: recipient.member, to: recipient.address!, subject, text, html: digestHtml(view, subject, name), view });
  }
  return { ...plan, settingsExit };
}

function senderText(from: Sender): string {
  return from.name ? `${from.name} <${from.address}>` : from.address;
}

async function digestAction(ctx: Context, options: DigestOptions): Promise<number> {
  const plan = await runDigest(ctx, options);
  const report = (line: string) => void ctx.stderr.write(`${line}\n`);
  for (const { member, problem } of plan.failed) report(`${member}: not sent: ${problem}`);
  for (const member of plan.empty) report(`${member}: nothing due, no mail (--send-empty sends one anyway)`);
  let failures = plan.failed.length;

  if (options.dryRun) {
    plan.messages.forEach((m, i) => {
      const head = [`From: ${senderText(plan.from)}`, `To: ${m.to}`, `Subject: ${m.subject}`, 'Auto-Submitted: auto-generated'];
      ctx.stdout.write(`${i > 0 ? '\n' : ''}${'='.repeat(72)}\n${head.join('\n')}\n\n${m.text}`);
      report(`${m.member}: would send to ${m.to}: ${m.subject}`);
    });
  } else if (plan.messages.length > 0) {
    const { mailerFor } = await import('../../mail/send.js');
    const mailer = mailerFor(ctx.env);
    try {
      for (const m of plan.messages) {
        try {
          await mailer.send({ from: plan.from, to: m.to, subject: m.subject, text: m.text, html: m.html, date: ctx.now() });
          report(`${m.member}: sent to ${m.to} via ${mailer.via}: ${m.subject}`);
        } catch (error) {
          failures++;
          report(`${m.member}: not sent to ${m.to} via ${mailer.via}: ${(error as Error).message}`);
        }
      }
    } finally {
      mailer.close();
    }
  }
  if (plan.messages.length === 0 && plan.failed.length === 0) report('no digest to send');
  return failures > 0 ? EXIT.problems : plan.settingsExit;
}
