// `tickler help [TOPIC|COMMAND]`: a command's --help, or one of the topics that no single command
// owns: the dossier's format, dates as people type them, outcomes and their rules, team work, exit
// codes. Plain text within 80 columns.
import type { Command } from 'commander';
import { EXIT, UsageError } from '../../errors.js';
import type { Context } from '../context.js';
import type { Bind } from '../options.js';

export const TOPICS: Record<string, { summary: string; text: string }> = {
  dossier: {
    summary: 'the dossier: clients/<id>.yaml, its keys and their meaning',
    text: `One file a client: clients/<id>.yaml, the id being the file name. Only \`name\`
is required; every other key is optional.

  name: Hurtownia Kowalski Sp. z o.o.
  owner: alice                   # a key of \`team\` in tickler.yaml
  stage: negotiation             # one of \`stages\`
  priority: high                 # high, normal (the default) or low
  tags: [wholesale, warsaw]
  cadence: 2w                    # keep in touch: 10d, 2w, 1m, 5wd
  contacts:
    - name: Jan Kowalski
      role: Purchasing director
      phone: "+48 600 100 200"   # quoted
      email: jan@kowalski.example
      birthday: 1971-03-14       # or --03-14 without the year
  next:                          # the divider the client is filed behind
    date: 2026-11-24
    time: "10:30"                # a fixed appointment (quoted); never moved
    action: call                 # one of \`actions\`
    note: Confirm Q1 volumes
  offer: 500 pallets/quarter at 41.50 PLN
  cover: { by: bob, until: 2026-12-31 }   # Bob has the client meanwhile
  complaints:
    - { opened: 2026-11-16, summary: Late delivery, due: 2026-11-20 }
  log:                           # oldest first; tickler only appends
    - at: 2026-11-20T14:05+01:00
      by: alice
      action: call
      outcome: reached
      summary: Wants 5% off for 500 pallets.
      next: 2026-11-24
  notes: |
    Anything else.

The team's own fields are declared in tickler.yaml \`fields\`. \`tickler validate\`
checks every file; \`tickler schema\` prints the JSON Schema editors use.`,
  },
  dates: {
    summary: 'dates as you may type them: 24.11, tomorrow, +2wd, friday, dec 5',
    text: `Wherever a command takes a date (--next, reschedule, --due, --until):

  2026-11-24            the date
  24.11.2026, 24.11     day first, as written in Poland, Latvia, Bulgaria
  today, tomorrow
  +3d, +2w, +1m         days, weeks, months from today
  +2wd                  working days (tickler.yaml \`workdays\` and \`holidays\`)
  mon, friday           the next one after today
  dec 5, 5 dec, july 5  the next one to come

Slash dates (11/24) are refused as ambiguous. A relative date that lands on a
day off moves to the next working day, and says so; a date written out is
kept (the client chose it), with a warning. A past date for a next contact is
refused unless --allow-past. "Today" is the date in tickler.yaml \`timezone\`
(the computer's when none); --today or TICKLER_TODAY act as another day.`,
  },
  outcomes: {
    summary: 'outcomes of a contact, and what their rules do next',
    text: `\`tickler log <client> --outcome O\` records what a contact came to. Each
outcome of tickler.yaml \`outcomes\` may carry a rule:

  outcomes:
    reached: {}                    # ask for the next date (--next)
    no-answer:  { next: +2wd }     # next contact in two working days
    offer-sent: { next: +3wd }
    won:  { stage: contract }      # the client moves to this stage
    lost: { stage: lost, next: none }   # no next contact: closed
    qualified: { form: qualification }  # fill in a form (tickler.yaml \`forms\`)

--next always wins over the rule. Three outcomes are not conversations and
never count as contacts (cadence, reports): \`rescheduled\` (written by
reschedule and rebalance), \`handover\` (by handover) and \`note\`.`,
  },
  team: {
    summary: 'a team on one book: git, sync, covers, the digest',
    text: `The book is a git repository the team shares.

  tickler git-setup       once per clone: registers the merge driver, which
                          keeps every call logged on both sides of a merge
  tickler sync            commit the book's changes, pull the team's, check,
                          push; on a conflict it stops and says what to do
  tickler doctor          checks the clone: driver, attributes, conflicts
  tickler handover --from alice --to bob --until 2026-12-31
                          Bob covers Alice's clients while she is away
  tickler digest --all    each member's day by e-mail (cron)

With \`git: { autocommit: true }\` in tickler.yaml each writing command commits
exactly the files it changed. Who "I" am: --as, TICKLER_USER, or the member
whose e-mail is \`git config user.email\`. The README's "Working as a team"
says more.`,
  },
  'exit-codes': {
    summary: 'what the exit codes mean',
    text: `  0   ok
  1   problems found (validate, --strict), or the action was refused (a file
      changed on disk, a conflict, a digest not accepted); nothing was lost
  2   usage: an unknown command or option, a bad value
  3   no book found here or in any parent directory (--book, TICKLER_BOOK)
  70  an internal error (a bug: please report it with the command line)`,
  },
};

export function defineHelp(program: Command, bind: Bind, commandHelp: (name: string) => Promise<number> | undefined): void {
  program.helpCommand(false);
  program
    .command('help')
    .description('help on a command or a topic: dossier, dates, outcomes, team, exit-codes')
    .argument('[topic]', `a command, or one of: ${Object.keys(TOPICS).join(', ')}`)
    .action(
      bind(async (ctx: Context, topic: string | undefined) => {
        if (topic === undefined) {
          const width = Math.max(...Object.keys(TOPICS).map((t) => t.length));
          ctx.stdout.write(`Topics (tickler help TOPIC):\n${Object.entries(TOPICS).map(([name, t]) => `  ${name.padEnd(width)}  ${t.summary}`).join('\n')}\n\nCommands: tickler --help; one command: tickler help COMMAND.\n`);
          return EXIT.ok;
        }
        const known = TOPICS[topic];
        if (known) {
          ctx.stdout.write(`${known.text}\n`);
          return EXIT.ok;
        }
        const shown = commandHelp(topic);
        if (!shown) throw new UsageError(`no help on "${topic}": not a command, and not a topic (${Object.keys(TOPICS).join(', ')})`);
        return shown;
      }),
    );
}
