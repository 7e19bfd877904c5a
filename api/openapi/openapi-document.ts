import { ALL_SCHEMAS, SCHEMAS, type SchemaName } from '../../schemas/ajv';
import { JSON_LIMIT, type Audience, type RouteSpec } from '../api-routes';
import { SIGNATURE_HEADER } from '../../activities/delivery/webhook-signature';

/** `/api/dialogs/:id/accept` → `/api/dialogs/{id}/accept`, and the names of its path parameters. */
export function openApiPath(expressPath: string): { path: string; params: string[] } {
  const params: string[] = [];
  const path = expressPath.replace(/:([A-Za-z0-9_]+)/g, (_m, name: string) => {
    params.push(name);
    return `{${name}}`;
  });
  return { path, params };
}

const schemaRef = (title: string) => ({ $ref: `#/components/schemas/${title}` });
const ERROR = { 'application/json': { schema: schemaRef(SCHEMAS.error.title) } };

const TITLE_BY_ID = new Map(ALL_SCHEMAS.map((schema) => [schema.$id, schema.title]));

/**
 * A schema as a component of the document: the same JSON Schema the API validates with, its `$ref`s
 * (by `$id`, or `#…` inside itself) turned into pointers into this document, and without `$id`, which
 * would make those pointers relative to the schema's own address. Nothing else changes.
 */
function asComponent(schema: { $id: string; title: string }): object {
  const rewrite = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(rewrite);
    if (!node || typeof node !== 'object') return node;
    return Object.fromEntries(
      Object.entries(node)
        .filter(([key]) => key !== '$id' && key !== '$schema')
        .map(([key, value]) => [
          key,
          key === '$ref' ? componentRef(schema, value as string) : rewrite(value),
        ]),
    );
  };
  return rewrite(schema) as object;
}

function componentRef(from: { $id: string; title: string }, ref: string): string {
  const [address = '', fragment = ''] = ref.split('#');
  const title = address === '' ? from.title : TITLE_BY_ID.get(new URL(address, from.$id).toString());
  if (!title) throw new Error(`${from.$id}: $ref ${ref} names no schema of schemas/`);
  return `#/components/schemas/${title}${fragment}`;
}

const ERROR_TEXT: Record<number, string> = {
  400: 'Malformed request: not JSON, or not what the schema allows (`details` point at the fields)',
  401: 'Missing, invalid or expired credentials',
  403: 'Not allowed: for your role, or (website chat) from this page’s origin',
  404: 'Not found, or not yours to see',
  409: 'Conflict with the current state (e.g. the dialog is taken already)',
  413: `Body over ${JSON_LIMIT}`,
  422: 'Well-formed but breaks a rule of its own (graph checks, settings rules)',
  429: 'Too many requests: wait as Retry-After says',
  503: 'A dependency (the database or Temporal) is unreachable, or busy: retry (see Retry-After)',
};

function security(audience: Audience): Array<Record<string, string[]>> {
  if (audience === 'public') return [];
  if (audience === 'visitor') return [{ visitorToken: [] }];
  if (audience === 'channel') return [{ channelSignature: [] }, { telegramSecretToken: [] }];
  return [{ bearer: [] }];
}

/** The errors every route of this kind can answer with, besides its own. */
function commonErrors(spec: RouteSpec): number[] {
  const limited = !Array.isArray(spec.audience) && spec.rateLimited !== false;
  const errors = limited ? [429] : [];
  if (spec.audience !== 'public') errors.push(401);
  if (Array.isArray(spec.audience)) errors.push(403);
  // every POST/PUT/PATCH parses a JSON body, even one it then ignores: malformed JSON is a 400 anywhere
  const parsesJson = spec.method !== 'get' && spec.method !== 'delete';
  if (spec.body || spec.query || spec.params || parsesJson) errors.push(400);
  if (spec.body) errors.push(413);
  // every route that reads the database or calls Temporal answers 503 while one is unreachable
  // (api/errors.ts isDependencyUnreachable); the public ones that touch neither are few and harmless
  errors.push(503);
  return errors;
}

/** A query schema's properties as OpenAPI parameters (their schemas as they are, descriptions beside). */
function queryParameters(name: SchemaName) {
  const schema = asComponent(SCHEMAS[name]) as {
    properties?: Record<string, { description?: string }>;
    required?: string[];
  };
  return Object.entries(schema.properties ?? {}).map(([param, { description = '', ...paramSchema }]) => ({
    name: param,
    in: 'query',
    required: schema.required?.includes(param) ?? false,
    description,
    schema: paramSchema,
  }));
}

/** A path parameter: its schema from the route's params schema when it has one, else any string. */
function pathParameter(spec: RouteSpec, name: string) {
  const properties = spec.params
    ? (asComponent(SCHEMAS[spec.params]) as { properties?: Record<string, { description?: string }> })
        .properties
    : undefined;
  const declared = properties?.[name];
  if (spec.params && !declared) throw new Error(`${spec.path}: ${spec.params} has no property ${name}`);
  const { description, ...schema } = declared ?? { type: 'string' };
  return { name, in: 'path', required: true, ...(description ? { description } : {}), schema };
}

/** The success answer: a JSON schema by $ref, another media type, or no content (204). */
function successResponse(spec: RouteSpec) {
  const { success } = spec;
  const headers = spec.responseHeaders
    ? {
        headers: Object.fromEntries(
          Object.entries(spec.responseHeaders).map(([name, description]) => [
            name,
            { description, schema: { type: 'string' } },
          ]),
        ),
      }
    : {};
  if (success.status === 204) return { description: success.description, ...headers };
  if (success.schema) {
    return {
      description: success.description,
      ...headers,
      content: {
        'application/json': { schema: schemaRef(SCHEMAS[success.schema].title) },
        ...Object.fromEntries(
          Object.entries(success.alsoAs ?? {}).map(([type, description]) => [
            type,
            { schema: { type: 'string', description } },
          ]),
        ),
      },
    };
  }
  const contentType = 'contentType' in success ? success.contentType : 'application/octet-stream';
  return {
    description: success.description,
    content: { [contentType]: { schema: { type: 'string', description: success.description } } },
  };
}

const streams = (spec: RouteSpec) =>
  'contentType' in spec.success && spec.success.contentType === 'text/event-stream';

function operation(spec: RouteSpec) {
  const { params } = openApiPath(spec.path);
  const errors = [...new Set([...commonErrors(spec), ...(spec.errors ?? [])])].sort();
  const bodySchema = spec.body ? SCHEMAS[spec.body] : undefined;
  return {
    operationId: `${spec.method}${spec.path.replace(/[:{}]/g, '').replace(/[^A-Za-z0-9]+(.)?/g, (_m, c?: string) => (c ?? '').toUpperCase())}`,
    summary: spec.summary,
    tags: [spec.tag],
    security: security(spec.audience),
    'x-audience': spec.audience,
    parameters: [
      ...params.map((name) => pathParameter(spec, name)),
      ...(spec.query ? queryParameters(spec.query) : []),
      ...(spec.requestHeaders ?? []).map(({ name, description, pattern }) => ({
        name,
        in: 'header',
        required: false,
        description,
        schema: { type: 'string', ...(pattern ? { pattern } : {}) },
      })),
      ...(streams(spec)
        ? [
            {
              name: 'Last-Event-ID',
              in: 'header',
              required: false,
              description:
                'Resume after this event id: first the events missed (kept one hour), then live ones',
              schema: { type: 'string', pattern: '^[0-9]{1,15}$' },
            },
          ]
        : []),
    ],
    ...(bodySchema
      ? {
          requestBody: {
            required: !spec.bodyOptional,
            content: { 'application/json': { schema: schemaRef(bodySchema.title) } },
          },
        }
      : {}),
    responses: {
      [spec.success.status]: successResponse(spec),
      ...Object.fromEntries(
        errors.map((status) => [status, { description: ERROR_TEXT[status] ?? 'Error', content: ERROR }]),
      ),
    },
  };
}

/**
 * The OpenAPI 3.1 document of every route in the list, with the JSON Schemas the API validates with
 * as its components (3.1 speaks JSON Schema 2020-12, so they go in unchanged).
 */
export function openApiDocument(specs: readonly RouteSpec[], version: string) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const spec of specs) {
    const { path } = openApiPath(spec.path);
    (paths[path] ??= {})[spec.method] = operation(spec);
  }
  return {
    openapi: '3.1.0' as const,
    info: {
      title: 'Lineflow API',
      version,
      description:
        'Contact-center automation engine. Errors are `{ error: { code, message, details } }` (ErrorResponse; ' +
        '`details` always there, maybe empty); a path asked with a method it does not serve answers 405 with ' +
        '`Allow`. Request and response bodies are the JSON Schemas the API validates with (components). ' +
        'Employees send `Authorization: Bearer <token>` from POST /api/auth/login; channels sign their calls; ' +
        'livechat visitors use the token of their session.',
    },
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    paths,
    components: {
      schemas: Object.fromEntries(ALL_SCHEMAS.map((schema) => [schema.title, asComponent(schema)])),
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'An employee token (POST /api/auth/login)' },
        visitorToken: {
          type: 'http',
          scheme: 'bearer',
          description: 'A livechat visitor token (POST /api/livechat/{channelId}/sessions)',
        },
        channelSignature: {
          type: 'apiKey',
          in: 'header',
          name: SIGNATURE_HEADER,
          description: 'sha256=<hex HMAC-SHA256 of the raw body with the channel secret>',
        },
        telegramSecretToken: {
          type: 'apiKey',
          in: 'header',
          name: 'X-Telegram-Bot-Api-Secret-Token',
          description: "The secret token set with the bot's webhook (the channel secret)",
        },
      },
    },
  };
}
