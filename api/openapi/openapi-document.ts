import { ALL_SCHEMAS, SCHEMAS } from '../../schemas/ajv';
import { JSON_LIMIT, type Audience, type RouteSpec } from '../api-routes';
import { SIGNATURE_HEADER } from '../routes/inbound.routes';

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
const ERROR = { 'application/json': { schema: schemaRef('ErrorResponse') } };

const ERROR_TEXT: Record<number, string> = {
  400: 'Malformed request: not JSON, or not what the schema allows (`details` point at the fields)',
  401: 'Missing, invalid or expired credentials',
  403: 'Not allowed: for your role, or (website chat) from this page’s origin',
  404: 'Not found, or not yours to see',
  409: 'Conflict with the current state (e.g. the dialog is taken already)',
  413: `Body over ${JSON_LIMIT}`,
  422: 'Well-formed but breaks a rule of its own (graph checks, settings rules)',
  429: 'Too many requests: wait as Retry-After says',
  503: 'A dependency is unreachable',
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
  if (spec.body || spec.query) errors.push(400);
  if (spec.body) errors.push(413);
  return errors;
}

function operation(spec: RouteSpec) {
  const { params } = openApiPath(spec.path);
  const success = spec.success ?? { status: 200, description: 'OK' };
  const errors = [...new Set([...commonErrors(spec), ...(spec.errors ?? [])])].sort();
  const bodySchema = spec.body ? SCHEMAS[spec.body] : undefined;
  return {
    operationId: `${spec.method}${spec.path.replace(/[:{}]/g, '').replace(/[^A-Za-z0-9]+(.)?/g, (_m, c?: string) => (c ?? '').toUpperCase())}`,
    summary: spec.summary,
    tags: [spec.tag],
    security: security(spec.audience),
    'x-audience': spec.audience,
    parameters: [
      ...params.map((name) => ({ name, in: 'path', required: true, schema: { type: 'string' } })),
      ...Object.entries(spec.query ?? {}).map(([name, q]) => ({
        name,
        in: 'query',
        required: false,
        description: q.description,
        schema: q.schema,
      })),
    ],
    ...(bodySchema
      ? {
          requestBody: {
            required: true,
            content: { 'application/json': { schema: schemaRef(bodySchema.title) } },
          },
        }
      : {}),
    responses: {
      [success.status]: {
        description: success.description,
        content: { [success.contentType ?? 'application/json']: {} },
      },
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
    openapi: '3.1.0',
    info: {
      title: 'Lineflow API',
      version,
      description:
        'Contact-center automation engine. Errors are `{ error: { code, message, details } }`. ' +
        'Employees send `Authorization: Bearer <token>` from POST /api/auth/login; channels sign their calls; ' +
        'livechat visitors use the token of their session.',
    },
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    paths,
    components: {
      schemas: Object.fromEntries(ALL_SCHEMAS.map((schema) => [schema.title, schema])),
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
