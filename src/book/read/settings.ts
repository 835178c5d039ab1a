// tickler.yaml from its bytes: the settings with defaults filled in, and every problem with its
// position. Pure. A key with an error falls back to its default, so one bad key never stops the
// whole book.
import { settingsFindings } from '../../core/checks.js';
import type { Diagnostic, Finding } from '../../core/diagnostics.js';
import { WHOLE_FILE, settingsFrom, settingsOf, type ParsedSettings } from '../../core/settings.js';
import { validateSettings } from '../../generated/validators.js';
import { plainData, toDiagnostics, withoutFindings } from './dossier.js';
import { SETTINGS_FILE } from './file.js';
import { baseSettingsSchema } from './schema.js';
import { schemaFindings, unknownKeyFindings } from './schema-errors.js';
import { readYaml } from './yaml.js';

/** tickler.yaml from its bytes, or from the problem that kept them from being read. */
export function parseSettings(bytes: Uint8Array | Diagnostic): ParsedSettings {
  if (!(bytes instanceof Uint8Array)) return settingsOf({}, [WHOLE_FILE], [bytes]);
  const yaml = readYaml(SETTINGS_FILE, bytes);
  if (!yaml.doc) return settingsOf({}, [WHOLE_FILE], yaml.problems);
  const { data, problem } = plainData(yaml, 'tickler.yaml');
  if (!data) return settingsOf({}, [WHOLE_FILE], [...yaml.problems, problem!]);
  const shape = validateSettings(data) ? [] : schemaFindings(validateSettings.errors ?? [], baseSettingsSchema, data);
  shape.push(...unknownKeyFindings(baseSettingsSchema, data, Infinity, 'tickler.yaml'));
  // (a member's bad address is that member's problem, said by validate and by digest, which sends
  // them nothing: the rest of the team stands)
  const breaks = (f: Finding) => f.severity === 'error' && !(f.path.length === 3 && f.path[0] === 'team' && f.path[2] === 'email');
  const broken = [...new Set(shape.filter(breaks).map((f) => String(f.path[0] ?? '')))];
  const settings = settingsFrom(data, new Set(broken));
  // A key with an error falls back to its default, but what else is written there is checked as
  // written (an unknown stage in closed-stages beside a number in it): every problem at once.
  const written = broken.length === 0 ? settings : settingsFrom(compactLists(withoutFindings(data, shape)));
  const problems = [...yaml.problems, ...toDiagnostics(yaml, [...shape, ...settingsFindings(written, data)])];
  return { settings, raw: data, broken, problems };
}

/** Findings about tickler.yaml made elsewhere (the book's field schemas), placed in its text. */
export function placeSettingsFindings(bytes: Uint8Array, findings: readonly Finding[]): Diagnostic[] {
  return toDiagnostics(readYaml(SETTINGS_FILE, bytes), findings);
}

/** The top-level lists without the holes withoutFindings left (they are lists of names). */
function compactLists(data: Record<string, unknown>): Record<string, unknown> {
  for (const [key, value] of Object.entries(data)) if (Array.isArray(value)) data[key] = value.filter((item) => item !== undefined);
  return data;
}
