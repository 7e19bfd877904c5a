import fs from 'node:fs';
import path from 'node:path';
import { compile } from 'json-schema-to-typescript';
import { SCHEMAS } from './ajv';

/**
 * Writes schemas/generated/*.ts from the JSON Schemas, so TypeScript types are never a hand-kept twin.
 * `npm run schemas:types` rewrites them; test/unit/schemas.test.ts fails when they are stale.
 */
export const GENERATED_DIR = path.join(__dirname, 'generated');

/**
 * `anyOf: [{required: [a]}, {required: [b]}]` says "at least one of", which TypeScript cannot say
 * without widening the type to an open record; ajv enforces it, so the types leave it out.
 */
function withoutPresenceRules(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withoutPresenceRules);
  if (!node || typeof node !== 'object') return node;
  const entries = Object.entries(node).filter(
    ([key, value]) =>
      !(
        key === 'anyOf' &&
        Array.isArray(value) &&
        value.every((member) => Object.keys(member as object).join() === 'required')
      ),
  );
  return Object.fromEntries(entries.map(([key, value]) => [key, withoutPresenceRules(value)]));
}

export async function generateTypes(): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  for (const [name, schema] of Object.entries(SCHEMAS)) {
    const source = await compile(withoutPresenceRules(schema) as never, schema.title, {
      bannerComment: `/* Generated from schemas/${path.basename(schema.$id)} by \`npm run schemas:types\`. Do not edit. */`,
      additionalProperties: false,
      ignoreMinAndMaxItems: true,
      format: true,
      style: { singleQuote: true, printWidth: 110, trailingComma: 'all' },
    });
    files.set(`${name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}.ts`, source);
  }
  return files;
}

if (require.main === module) {
  void generateTypes().then((files) => {
    fs.mkdirSync(GENERATED_DIR, { recursive: true });
    for (const [file, source] of files) fs.writeFileSync(path.join(GENERATED_DIR, file), source);
    console.log(`wrote ${files.size} files to ${GENERATED_DIR}`);
  });
}
