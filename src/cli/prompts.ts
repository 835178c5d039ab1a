// @inquirer/prompts, loaded by the prompter on the first question (a module of its own, so that
// the build can put it with the other lazily loaded code).
export { confirm, input, select } from '@inquirer/prompts';
