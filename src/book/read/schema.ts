// The effective schema of a book: the project's dossier schema plus the book's own fields and forms,
// with the book's team, stages, actions and outcomes as choices, so that an editor completes them.
import dossierSchema from '../../../schemas/dossier.schema.json' with { type: 'json' };
import settingsSchema from '../../../schemas/settings.schema.json' with { type: 'json' };
import type { Settings } from '../../core/model.js';

export type JsonSchema = Record<string, unknown>;

export const baseDossierSchema: JsonSchema = dossierSchema;
export const baseSettingsSchema: JsonSchema = settingsSchema;

function formsSchema(settings: Settings): JsonSchema {
  const properties: Record<string, JsonSchema> = {};
  for (const [name, fields] of Object.entries(settings.forms)) {
    properties[name] = { type: 'object', description: `Form "${name}" (tickler.yaml \`forms\`).`, additionalProperties: false, properties: fields };
  }
  return { type: 'object', description: 'Forms filled in with this contact, by form name.', additionalProperties: false, properties };
}

/** The dossier schema of this book (what `tickler schema` prints). */
export function effectiveDossierSchema(settings: Settings): JsonSchema {
  const schema = structuredClone(dossierSchema) as JsonSchema & { properties: Record<string, JsonSchema>; $defs: Record<string, JsonSchema> };
  for (const [name, field] of Object.entries(settings.fields)) schema.properties[name] = field as JsonSchema;
  const log = schema.properties.log as { items: { properties: Record<string, JsonSchema> } };
  log.items.properties.forms = formsSchema(settings);
  const choose = (target: JsonSchema, values: readonly string[]) => {
    if (values.length > 0) target.enum = [...values];
  };
  if (settings.team.size > 0) choose(schema.$defs.member!, [...settings.team.keys()]);
  choose(schema.properties.stage!, settings.stages);
  const next = schema.properties.next as { properties: Record<string, JsonSchema> };
  choose(next.properties.action!, settings.actions);
  choose(log.items.properties.action!, [...settings.actions, 'note']);
  choose(log.items.properties.outcome!, [...settings.outcomes.keys(), 'rescheduled', 'handover', 'note']);
  return schema;
}

/** Only the book's own parts (fields and form values), for checking with a schema compiler. */
export function customPartsSchema(settings: Settings): JsonSchema {
  const forms: Record<string, JsonSchema> = {};
  for (const [name, fields] of Object.entries(settings.forms)) forms[name] = { type: 'object', properties: fields };
  return {
    type: 'object',
    properties: {
      ...settings.fields,
      log: { type: 'array', items: { type: 'object', properties: { forms: { type: 'object', properties: forms } } } },
    },
  };
}

/** Top-level keys a dossier may have in this book, for the unknown-key check. */
export function hasCustomParts(settings: Settings): boolean {
  return Object.keys(settings.fields).length > 0 || Object.keys(settings.forms).length > 0;
}
