// `tickler completion bash|zsh|fish`: a script for the shell that asks tickler itself what may
// come next (`tickler __complete`), so completion follows the command definitions and the book:
// commands, options, client ids (the file names of clients/, no dossier is read), members,
// stages, outcomes and actions (tickler.yaml, read without checks).
import type { Command, Option } from 'commander';
import type { BookWords } from '../complete-words.js';
import { EXIT, UsageError } from '../../errors.js';
import type { Context } from '../context.js';
import { examples, type Bind } from '../options.js';
import { TOPICS } from './help.js';

const SHELLS = ['bash', 'zsh', 'fish'] as const;

export function defineCompletion(program: Command, bind: Bind): void {
  const command = program
    .command('completion')
    .description('print a completion script for your shell (bash, zsh or fish)')
    .argument('<shell>', SHELLS.join(', '));
  examples(command, [
    ['echo \'source <(tickler completion bash)\' >> ~/.bashrc', 'bash'],
    ['tickler completion zsh > "${fpath[1]}/_tickler"', 'zsh (then start a new shell)'],
    ['tickler completion fish > ~/.config/fish/completions/tickler.fish', 'fish'],
  ]);
  command.action(bind(async (ctx: Context, shell: string) => {
    if (!(SHELLS as readonly string[]).includes(shell)) throw new UsageError(`completion for which shell? ${SHELLS.join(', ')}, not "${shell}"`);
    ctx.stdout.write(SCRIPTS[shell as (typeof SHELLS)[number]]);
    return EXIT.ok;
  }));
}

const SCRIPTS: Record<(typeof SHELLS)[number], string> = {
  bash: `# tickler completion for bash: source <(tickler completion bash)
_tickler() {
  local IFS=$'\\n'
  local words=("\${COMP_WORDS[@]:1:COMP_CWORD}")
  COMPREPLY=($(tickler __complete "$COMP_CWORD" "\${words[@]}" 2>/dev/null))
  # (nothing of ours: the shell's own file names, for files and folders)
  [ \${#COMPREPLY[@]} -eq 0 ] && compopt -o default 2>/dev/null
  return 0
}
complete -F _tickler tickler
`,
  zsh: `#compdef tickler
# tickler completion for zsh: tickler completion zsh > "\${fpath[1]}/_tickler"
_tickler() {
  local -a candidates
  candidates=("\${(@f)$(tickler __complete $((CURRENT - 1)) "\${(@)words[2,CURRENT]}" 2>/dev/null)}")
  if (( \${#candidates} )) && [[ -n "\${candidates[1]}" ]]; then
    compadd -Q -- "\${candidates[@]}"
  else
    _files
  fi
}
if [[ "\${funcstack[1]}" == _tickler ]]; then
  _tickler "$@"
else
  compdef _tickler tickler
fi
`,
  fish: `# tickler completion for fish: tickler completion fish > ~/.config/fish/completions/tickler.fish
function __tickler_complete
    set -l words (commandline -opc)
    # (the word being completed, even when it is still empty)
    set -l current (commandline -ct | string collect -a)
    tickler __complete (count $words) $words[2..-1] "$current" 2>/dev/null
end
complete -c tickler -f -a '(__tickler_complete)'
`,
};

/** The values an option takes, when they are known words. */
function optionValues(option: Option, command: Command, book: () => BookWords): string[] | undefined {
  const name = option.long ?? '';
  if (name === '--owner' || name === '--as' || (command.name() === 'handover' && (name === '--from' || name === '--to'))) return book().members;
  if (name === '--stage') return book().stages;
  if (name === '--outcome') return book().outcomes;
  if (name === '--action') return book().actions;
  if (name === '--by') return ['owner', 'stage', 'outcome', 'day'];
  if (name === '--priority') return ['high', 'normal', 'low'];
  if (option.argChoices) return option.argChoices;
  // "--format <format>" with its formats in the description: "output format: text, json"
  const formats = /output format: ([a-z, ]+)/.exec(option.description)?.[1];
  return formats?.split(/,\s*/);
}

/** The argument a command takes in this position: client ids, or a fixed list. */
function argumentValues(command: Command, position: number, book: () => BookWords, commandNames: readonly string[]): string[] | undefined {
  const argument = command.registeredArguments[position] ?? (command.registeredArguments.at(-1)?.variadic ? command.registeredArguments.at(-1) : undefined);
  if (!argument) return [];
  const name = argument.name();
  if (name === 'client') return book().clients;
  if (name === 'shell') return [...SHELLS];
  if (name === 'format' && command.name() === 'export') return ['ics', 'csv', 'json'];
  if (name === 'topic') return [...Object.keys(TOPICS), ...commandNames];
  return undefined; // (files, names, dates: the shell's own)
}

/**
 * What may stand at `index` (1: the first word after \`tickler\`) of `words`, given the command
 * definitions of \`program\` and the book: the scripts' \`tickler __complete INDEX WORDS…\`.
 */
export async function candidates(program: Command, index: number, words: readonly string[], ctx: Context): Promise<string[]> {
  const current = words[index - 1] ?? '';
  const before = words.slice(0, Math.max(0, index - 1));
  // (read only when a value from the book is wanted; js-yaml comes with it)
  const bookWords = (await import('../complete-words.js')).bookWords;
  let cache: BookWords | undefined;
  const book = () => (cache ??= bookWords(ctx, words));
  const visible = program.commands;
  const match = (list: readonly string[] | undefined) => (list ?? []).filter((c) => c.startsWith(current)).sort();

  // The command: the first word that is not an option.
  const commandAt = before.findIndex((w) => !w.startsWith('-'));
  if (commandAt < 0) {
    if (current.startsWith('-')) return match(['--help', '--version', '--no-color']);
    return match(visible.flatMap((c) => [c.name(), ...c.aliases()]));
  }
  const command = visible.find((c) => c.name() === before[commandAt] || c.aliases().includes(before[commandAt]!));
  if (!command) return [];
  const options = command.options as readonly Option[];
  // A value for the option just before?
  const previous = before.at(-1);
  const takesValue = options.find((o) => (o.long === previous || o.short === previous) && (o.required || o.optional));
  if (takesValue && index - 1 > commandAt + 1) return match(optionValues(takesValue, command, book));
  if (current.startsWith('-')) return match([...options.flatMap((o) => (o.long ? [o.long] : [])), '--help']);
  // The how-manieth argument this is: the words after the command that are neither options nor their values.
  let position = 0;
  for (let i = commandAt + 1; i < before.length; i++) {
    const word = before[i]!;
    if (word.startsWith('-')) {
      const option = options.find((o) => o.long === word || o.short === word);
      if (option && (option.required || option.optional)) i++;
      continue;
    }
    position++;
  }
  return match(argumentValues(command, position, book, visible.map((c) => c.name())));
}
