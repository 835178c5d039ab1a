// Questions on a terminal. Commands see only this interface (tests give a scripted one); the
// real one loads @inquirer/prompts on the first question, so no other command pays for it.
import { isErrorNamed } from '../errors.js';

export interface Choice<T> {
  value: T;
  name: string;
  description?: string;
}

export interface Prompter {
  select<T>(message: string, choices: readonly Choice<T>[], defaultValue?: T): Promise<T>;
  /** `validate` returns true, or the message to show while asking again. */
  input(message: string, options?: { default?: string; validate?: (value: string) => true | string }): Promise<string>;
  confirm(message: string, defaultValue?: boolean): Promise<boolean>;
}

/** The person pressed Ctrl-C (or closed the terminal) at a question. */
export class PromptCancelled extends Error {
  override name = 'PromptCancelled';
  static override [Symbol.hasInstance](value: unknown): boolean {
    return isErrorNamed(value, 'PromptCancelled');
  }
}

async function asked<T>(question: () => Promise<T>): Promise<T> {
  try {
    return await question();
  } catch (error) {
    if ((error as Error).name === 'ExitPromptError' || (error as Error).name === 'AbortPromptError') throw new PromptCancelled('cancelled');
    throw error;
  }
}

/** The prompter of a real terminal. */
export function terminalPrompter(): Prompter {
  const prompts = () => import('./prompts.js');
  return {
    async select(message, choices, defaultValue) {
      const { select } = await prompts();
      return asked(() => select({ message, choices: choices.map((c) => ({ ...c })), default: defaultValue, pageSize: Math.min(Math.max(choices.length, 7), 20), loop: false }));
    },
    async input(message, options = {}) {
      const { input } = await prompts();
      return asked(() => input({ message, ...(options.default !== undefined ? { default: options.default } : {}), ...(options.validate ? { validate: options.validate } : {}) }));
    },
    async confirm(message, defaultValue) {
      const { confirm } = await prompts();
      return asked(() => confirm({ message, ...(defaultValue !== undefined ? { default: defaultValue } : {}) }));
    },
  };
}
