import fs from 'node:fs';
import path from 'node:path';
import { compile } from 'json-schema-to-typescript';
import { ACTIVITY_INPUT_SCHEMAS } from './activities';
import { ALL_SCHEMAS, SCHEMAS } from './ajv';

/**
 * Writes schemas/generated/*.ts from the JSON Schemas, so TypeScript types are never a hand-kept twin.
 * `npm run schemas:types` rewrites them; test/unit/schemas.test.ts fails when they are stale.
 */
export const GENERATED_DIR = path.join(__dirname, 'generated');

/**
 * Rules about which properties must be present together — `anyOf`/`oneOf` of `{ required }`, and
 * `if`/`then`/`else` whose branches only require or forbid properties — say "at least one of" or
 * "this one when that one", which TypeScript cannot express without widening the type to an open
 * record. ajv enforces them; the generated types leave them out.
 */
function isPresenceRule(node: unknown): boolean {
  if (!node || typeof node !== 'object' || Array.isArray(node)) return false;
  return Object.entries(node).every(
    ([key, value]) => key === 'required' || (key === 'not' && isPresenceRule(value)),
  );
}

function withoutPresenceRules(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withoutPresenceRules);
  if (!node || typeof node !== 'object') return node;
  const record = node as Record<string, unknown>;
  const conditional =
    'if' in record && isPresenceRule(record.then ?? {}) && isPresenceRule(record.else ?? {});
  const entries = Object.entries(record).filter(([key, value]) => {
    if ((key === 'anyOf' || key === 'oneOf') && Array.isArray(value)) return !value.every(isPresenceRule);
    if (key === 'if' || key === 'then' || key === 'else') return !conditional;
    return true;
  });
  return Object.fromEntries(entries.map(([key, value]) => [key, withoutPresenceRules(value)]));
}

/** `…/schemas/nodes/queue.params.schema.json` → `nodes/queue.params.ts` */
export const generatedFileFor = (id: string): string =>
  id.replace(/^.*\/schemas\//, '').replace(/\.schema\.json$/, '.ts');

export async function generateTypes(): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  const schemas = [...ALL_SCHEMAS, ...ACTIVITY_INPUT_SCHEMAS];
  const byId = new Map(schemas.map((schema) => [schema.$id, schema]));
  for (const schema of schemas) {
    const source = await compile(withoutPresenceRules(schema) as never, schema.title, {
      // Our schemas $ref each other by $id: resolve those from memory, never over the network.
      $refOptions: {
        resolve: {
          http: false,
          lineflow: {
            order: 1,
            canRead: /^https:\/\/lineflow\.dev\//,
            read: ({ url }: { url: string }) => JSON.stringify(withoutPresenceRules(byId.get(url))),
          },
        },
      } as never,
      bannerComment: `/* Generated from schemas/${generatedFileFor(schema.$id).replace(/\.ts$/, '.schema.json')} by \`npm run schemas:types\`. Do not edit. */`,
      additionalProperties: false,
      ignoreMinAndMaxItems: true,
      format: true,
      style: { singleQuote: true, printWidth: 110, trailingComma: 'all' },
    });
    files.set(generatedFileFor(schema.$id), source);
  }
  files.set(INDEX_FILE, schemaTypesIndex(files));
  return files;
}

/** schemas/generated/index.ts: each named schema's type by its name, for typed route answers. */
export const INDEX_FILE = 'index.ts';

function schemaTypesIndex(files: ReadonlyMap<string, string>): string {
  const entries = Object.entries(SCHEMAS).map(([name, schema]) => {
    const file = generatedFileFor(schema.$id);
    if (!new RegExp(`^export (interface|type) ${schema.title}\\b`, 'm').test(files.get(file) ?? ''))
      throw new Error(`${file} does not export the type ${schema.title} (its schema's title)`);
    return { name, type: schema.title, from: `./${file.replace(/\.ts$/, '')}` };
  });
  return [
    '/* Generated from the schemas named in schemas/ajv.ts by `npm run schemas:types`. Do not edit. */',
    ...entries.map((e) => `import type { ${e.type} } from '${e.from}';`),
    '',
    '/** The TypeScript type of each schema of `SCHEMAS` (schemas/ajv.ts), by its name there. */',
    'export interface SchemaTypes {',
    ...entries.map((e) => `  ${e.name}: ${e.type};`),
    '}',
    '',
  ].join('\n');
}

if (require.main === module) {
  void generateTypes().then((files) => {
    fs.mkdirSync(GENERATED_DIR, { recursive: true });
    fs.rmSync(GENERATED_DIR, { recursive: true, force: true });
    for (const [file, source] of files) {
      fs.mkdirSync(path.dirname(path.join(GENERATED_DIR, file)), { recursive: true });
      fs.writeFileSync(path.join(GENERATED_DIR, file), source);
    }
    console.log(`wrote ${files.size} files to ${GENERATED_DIR}`);
  });
}
