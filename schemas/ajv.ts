import Ajv2020, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { durationMs } from '../workflows/engine/durations';
import { NODE_TYPES } from '../workflows/engine/node-types';
import errorSchema from './error.schema.json';
import flowSchema from './flow.schema.json';
import inboundMessageSchema from './inbound-message.schema.json';
import loginRequestSchema from './login-request.schema.json';
import predicateSchema from './predicate.schema.json';

/**
 * The one ajv instance of Lineflow. Every JSON Schema under schemas/ is registered here by its `$id`;
 * the API, the worker and the tests validate through `validatorFor`.
 */
export const SCHEMAS = {
  error: errorSchema,
  flow: flowSchema,
  inboundMessage: inboundMessageSchema,
  loginRequest: loginRequestSchema,
  predicate: predicateSchema,
} as const;
export type SchemaName = keyof typeof SCHEMAS;

/** Every schema file: the named ones above plus each node type's params schema (declared in NODE_TYPES). */
export const ALL_SCHEMAS: ReadonlyArray<{ $id: string; title: string }> = [
  ...Object.values(SCHEMAS),
  ...NODE_TYPES.map((n) => n.params),
];

// strictRequired is off because `anyOf: [{ required: [a] }, { required: [b] }]` ("at least one of")
// names properties declared by the parent schema, which ajv's strict mode does not look up.
export const ajv = new Ajv2020({
  allErrors: true,
  strict: true,
  strictRequired: false,
  allowUnionTypes: true,
});
addFormats(ajv);

/**
 * `"lineflowDuration": { "min": "1m", "max": "12h" }` on a duration string: the range check the seed's
 * settings need ("1 minute to 12 hours"), reported with the value's JSON pointer like any schema error.
 */
ajv.addKeyword({
  keyword: 'lineflowDuration',
  type: 'string',
  schemaType: 'object',
  metaSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['min', 'max'],
    properties: { min: { type: 'string' }, max: { type: 'string' } },
  },
  error: { message: ({ schema }) => `must be a duration from ${schema.min} to ${schema.max}` },
  validate: (range: { min: string; max: string }, value: string) => {
    let ms: number;
    try {
      ms = durationMs(value);
    } catch {
      return true; // not a duration at all: the property's `pattern` reports that
    }
    return ms >= durationMs(range.min) && ms <= durationMs(range.max);
  },
});

for (const schema of ALL_SCHEMAS) ajv.addSchema(schema);
// Compile now, so a broken schema fails at start-up (and in the unit tests), not on the first request.
for (const schema of ALL_SCHEMAS) ajv.getSchema(schema.$id);

/** One problem found in a document, in the `details` shape of the API's errors. */
export interface ValidationDetail {
  pointer: string;
  message: string;
  /** the flow node the problem is in, when there is one */
  nodeId?: string;
}

/** One JSON-pointer segment (RFC 6901): `~` and `/` inside a name are escaped. */
const pointerSegment = (name: unknown) => `/${String(name).replace(/~/g, '~0').replace(/\//g, '~1')}`;

export function toDetails(errors: ErrorObject[] | null | undefined): ValidationDetail[] {
  return (errors ?? []).map((error) => {
    const missing = error.keyword === 'required' ? pointerSegment(error.params.missingProperty) : '';
    const extra =
      error.keyword === 'additionalProperties' ? pointerSegment(error.params.additionalProperty) : '';
    return {
      pointer: `${error.instancePath}${missing}${extra}` || '/',
      message: extra ? 'is not an allowed property' : (error.message ?? 'is invalid'),
    };
  });
}

/** The compiled validator of a registered schema, by name or by `$id`. */
export function validatorFor<T>(nameOrId: SchemaName | string): ValidateFunction<T> {
  const id = nameOrId in SCHEMAS ? SCHEMAS[nameOrId as SchemaName].$id : nameOrId;
  const validate = ajv.getSchema<T>(id);
  if (!validate) throw new Error(`Schema ${nameOrId} is not registered`);
  return validate;
}

/** Validates and returns either the typed value or the list of problems. */
export function check<T>(
  name: SchemaName,
  value: unknown,
): { ok: true; value: T } | { ok: false; details: ValidationDetail[] } {
  const validate = validatorFor<T>(name);
  return validate(value) ? { ok: true, value } : { ok: false, details: toDetails(validate.errors) };
}
