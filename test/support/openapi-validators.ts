import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';

/**
 * Validators compiled from a served OpenAPI document alone, by a JSON Schema validator that knows
 * nothing of Lineflow's (no custom keywords, formats or registered schemas): what a client, a
 * generator or a contract fuzzer reading the document would check.
 */
export class DocumentValidators {
  private readonly ajv: Ajv2020;
  private readonly cache = new Map<string, ValidateFunction>();

  constructor(readonly doc: any) {
    this.ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
    addFormats(this.ajv);
    // ajv reads the document as one schema resource: every `#/components/…` $ref resolves inside it
    this.ajv.addSchema({ ...doc, $id: 'urn:lineflow:openapi' });
  }

  private compile(pointer: string, schema?: object): ValidateFunction {
    let validate = this.cache.get(pointer);
    if (!validate) {
      validate = schema
        ? this.ajv.compile({ $id: `urn:lineflow:check:${this.cache.size}`, ...schema })
        : this.ajv.getSchema(`urn:lineflow:openapi#${pointer}`)!;
      this.cache.set(pointer, validate);
    }
    return validate;
  }

  operation(method: string, path: string): any {
    const op = this.doc.paths[path]?.[method.toLowerCase()];
    if (!op) throw new Error(`no operation ${method} ${path} in the document`);
    return op;
  }

  /** Does the document allow this JSON request body? */
  acceptsBody(method: string, path: string, body: unknown): boolean {
    const op = this.operation(method, path);
    const schema = op.requestBody?.content?.['application/json']?.schema;
    if (!schema) throw new Error(`${method} ${path} documents no JSON body`);
    return this.refOrInline(`/paths/${escape(path)}/${method.toLowerCase()}/requestBody`, schema)(body);
  }

  /** Does the document allow this query string (each parameter as the string it arrives as)? */
  acceptsQuery(method: string, path: string, query: Record<string, string>): boolean {
    const params = (this.operation(method, path).parameters as any[]).filter((p) => p.in === 'query');
    const known = new Map(params.map((p) => [p.name as string, p]));
    return Object.entries(query).every(([name, value]) => {
      const param = known.get(name);
      return (
        !!param &&
        this.refOrInline(`/paths/${escape(path)}/${method.toLowerCase()}/query/${name}`, param.schema)(value)
      );
    });
  }

  /** The validator of a success (or error) answer's JSON, as documented. */
  response(method: string, path: string, status: number): ValidateFunction | undefined {
    const answer = this.operation(method, path).responses[status];
    const schema = answer?.content?.['application/json']?.schema;
    return schema && this.refOrInline(`/paths/${escape(path)}/${method.toLowerCase()}/${status}`, schema);
  }

  private refOrInline(key: string, schema: { $ref?: string }): ValidateFunction {
    if (schema.$ref && Object.keys(schema).length === 1) return this.compile(schema.$ref.slice(1));
    // an inline schema may $ref components: resolve them against the document
    return this.compile(key, rebase(schema));
  }
}

const escape = (segment: string) => segment.replace(/~/g, '~0').replace(/\//g, '~1');

/** `#/components/…` inside an inline schema, pointed at the document resource. */
function rebase(node: unknown): any {
  if (Array.isArray(node)) return node.map(rebase);
  if (!node || typeof node !== 'object') return node;
  return Object.fromEntries(
    Object.entries(node).map(([key, value]) => [
      key,
      key === '$ref' && typeof value === 'string' && value.startsWith('#/')
        ? `urn:lineflow:openapi${value}`
        : rebase(value),
    ]),
  );
}
