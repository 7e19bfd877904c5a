import Ajv2020, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import errorSchema from './error.schema.json';
import inboundMessageSchema from './inbound-message.schema.json';
import loginRequestSchema from './login-request.schema.json';

/**
 * The one ajv instance of Lineflow. Every JSON Schema under schemas/ is registered here by its `$id`;
 * the API, the worker and the tests validate through `validatorFor`.
 */
export const SCHEMAS = {
  error: errorSchema,
  inboundMessage: inboundMessageSchema,
  loginRequest: loginRequestSchema,
} as const;
export type SchemaName = keyof typeof SCHEMAS;

// strictRequired is off because `anyOf: [{ required: [a] }, { required: [b] }]` ("at least one of")
// names properties declared by the parent schema, which ajv's strict mode does not look up.
export const ajv = new Ajv2020({
  allErrors: true,
  strict: true,
  strictRequired: false,
  allowUnionTypes: true,
});
addFormats(ajv);
for (const schema of Object.values(SCHEMAS)) ajv.addSchema(schema);
// Compile now, so a broken schema fails at start-up (and in the unit tests), not on the first request.
for (const schema of Object.values(SCHEMAS)) ajv.getSchema(schema.$id);

/** One problem found in a document, in the `details` shape of the API's errors. */
export interface ValidationDetail {
  pointer: string;
  message: string;
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

export function validatorFor<T>(name: SchemaName): ValidateFunction<T> {
  const validate = ajv.getSchema<T>(SCHEMAS[name].$id);
  if (!validate) throw new Error(`Schema ${name} is not registered`);
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
