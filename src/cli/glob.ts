// globby, for the files and patterns a user names (loaded only when a command is given some).
export { globby, isDynamicPattern } from 'globby';
