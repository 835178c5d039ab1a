// Problems as compilers print them: FILE:LINE:COLUMN: severity: message [rule], the source line
// with a caret under the culprit, and a hint.
import type { ChalkInstance } from 'chalk';
import type { Diagnostic } from '../../core/diagnostics.js';
import { clean } from '../../core/text.js';

export function diagnosticHeadline(d: Diagnostic, chalk: ChalkInstance): string {
  const severity = d.severity === 'error' ? chalk.red.bold('error') : chalk.yellow.bold('warning');
  return `${chalk.bold(`${clean(d.file)}:${d.line}:${d.column}`)}: ${severity}: ${clean(d.message)} ${chalk.dim(`[${d.rule}]`)}`;
}

/** The full form: headline, excerpt with gutter and caret, hint. */
export function renderDiagnostic(d: Diagnostic, chalk: ChalkInstance): string {
  const lines = [diagnosticHeadline(d, chalk)];
  if (d.excerpt) {
    const gutter = String(d.line).length;
    const text = clean(d.excerpt.text.replace(/\r$/, ''));
    const column = Math.min(d.excerpt.column, text.length + 1);
    lines.push(`${chalk.dim(`${String(d.line).padStart(gutter + 1)} |`)} ${text}`);
    const caret = '^'.repeat(Math.max(1, Math.min(d.excerpt.width, 200)));
    const mark = d.severity === 'error' ? chalk.red(caret) : chalk.yellow(caret);
    lines.push(`${chalk.dim(`${' '.repeat(gutter + 1)} |`)} ${' '.repeat(column - 1)}${mark}`);
  }
  if (d.hint) lines.push(`${' '.repeat(String(d.line).length + 1)} ${chalk.cyan('=')} hint: ${clean(d.hint)}`);
  return lines.join('\n');
}
