// Checks of the book's own fields and forms (declared in tickler.yaml) with the schema compiler.
// Loaded only by `validate`: the compiler is the slowest module to start, and read commands skip it.
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { Finding } from '../../core/diagnostics.js';
import type { Settings } from '../../core/model.js';
import { customPartsSchema } from './schema.js';
import { schemaFindings, type SchemaError } from './schema-errors.js';

export type CustomCheck = (data: unknown) => Finding[];

/** A checker for the custom parts of dossiers, or a finding about the settings when a field's schema is itself invalid. */
export function compileCustomCheck(settings: Settings): { check?: CustomCheck; problem?: Finding } {
  const schema = customPartsSchema(settings);
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  try {
    const validate = ajv.compile(schema);
    return {
      check: (data) => (validate(data) ? [] : schemaFindings((validate.errors ?? []) as SchemaError[], schema, data)),
    };
  } catch (error) {
    return {
      problem: { path: ['fields'], severity: 'error', rule: 'bad-field-schema', message: `a field or form schema is not valid JSON Schema: ${(error as Error).message}` },
    };
  }
}

/** A value typed for a form field, turned into the type its schema asks for. */
export function formValue(schema: Record<string, unknown>, text: string): unknown {
  const types = ([] as unknown[]).concat(schema.type ?? []);
  const trimmed = text.trim();
  if ((types.includes('number') || types.includes('integer')) && trimmed !== '' && Number.isFinite(Number(trimmed.replace(',', '.')))) {
    return Number(trimmed.replace(',', '.'));
  }
  if (types.includes('boolean') && /^(?:true|false|yes|no)$/i.test(trimmed)) return /^(?:true|yes)$/i.test(trimmed);
  return trimmed;
}

/** Problems of one form's values ("budget: must be number"), empty when they fit the book's form. */
export function formProblems(fields: Record<string, unknown>, values: Record<string, unknown>): string[] {
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  let validate;
  try {
    validate = ajv.compile({ type: 'object', properties: fields });
  } catch (error) {
    return [`the form's schema in tickler.yaml is not valid JSON Schema: ${(error as Error).message}`];
  }
  if (validate(values)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath.replace(/^\//, '').replace(/\//g, '.') || 'form'}: ${e.message ?? 'is not valid'}`);
}
