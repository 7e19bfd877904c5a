/**
 * Our JSON Schemas refer to each other by `$id` (https://lineflow.dev/schemas/…). A form in the browser
 * needs one self-contained schema: rjsf resolves only local `$ref`s, and the form's validator is
 * compiled ahead of time from exactly that schema (the pages' CSP allows no `eval`). This copies every
 * document a schema reaches into its `$defs`, by file name, and points the references there; nothing
 * of a shape is written twice.
 */
export type JsonSchema = { [key: string]: unknown };

const BASE = 'https://lineflow.dev/schemas/';

/** `https://lineflow.dev/schemas/responses/x.schema.json` → `responses~1x` (a `$defs` key, as a pointer segment) */
const keyOf = (id: string) => id.slice(BASE.length).replace(/\.schema\.json$/, '');
const pointerSegment = (key: string) => key.replace(/~/g, '~0').replace(/\//g, '~1');

export function bundleSchema(root: JsonSchema, documents: readonly JsonSchema[]): JsonSchema {
  const byId = new Map(documents.map((d) => [String(d.$id), d] as const));
  const bundled: Record<string, unknown> = {};
  const rootId = typeof root.$id === 'string' ? root.$id : undefined;

  const rewrite = (node: unknown, documentId: string | undefined): unknown => {
    if (Array.isArray(node)) return node.map((n) => rewrite(n, documentId));
    if (!node || typeof node !== 'object') return node;
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(node)) {
      if (key === '$id' || key === '$schema') continue;
      if (key === '$ref' && typeof value === 'string') out.$ref = target(value, documentId);
      else out[key] = rewrite(value, documentId);
    }
    return out;
  };

  /** A reference as it reads inside the bundle. */
  function target(ref: string, documentId: string | undefined): string {
    const [address, fragment = ''] = ref.split('#') as [string, string?];
    const id = address === '' ? documentId : address;
    if (id === undefined || id === rootId) return `#${fragment}`;
    if (!byId.has(id)) throw new Error(`bundleSchema: no schema ${id} (referred to as ${ref})`);
    const key = keyOf(id);
    if (!(key in bundled)) {
      bundled[key] = true; // (a cycle finds it taken)
      bundled[key] = rewrite(byId.get(id)!, id);
    }
    return `#/$defs/${pointerSegment(key)}${fragment}`;
  }

  const result = rewrite(root, rootId) as JsonSchema;
  if (Object.keys(bundled).length)
    result.$defs = { ...((result.$defs as Record<string, unknown>) ?? {}), ...bundled };
  return result;
}
