import { ACTIVITY_INPUT_SCHEMAS } from '../../schemas/activities';
import { NODE_PARAMS_SCHEMAS } from '../../schemas/nodes';
import { NODE_TYPES } from '../../workflows/engine/node-types';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { ajv, ALL_SCHEMAS, check, SCHEMAS, validatorFor, type SchemaName } from '../../schemas/ajv';
import type { InboundMessage } from '../../schemas/generated/inbound-message';

const PROJECT_ROOT = path.join(__dirname, '..', '..');

/**
 * Runs schemas/generate-types.ts's `generateTypes()` in a tsx child process, as `npm run schemas:types`
 * does: json-schema-to-typescript formats with prettier 3, whose dynamic `import()` Jest's CommonJS
 * sandbox refuses without --experimental-vm-modules, so the module cannot even be imported here.
 */
async function generateTypesInChild(): Promise<{ dir: string; files: Map<string, string> }> {
  const modulePath = path.join(PROJECT_ROOT, 'schemas', 'generate-types.ts');
  const script = [
    `const { GENERATED_DIR, generateTypes } = require(${JSON.stringify(modulePath)});`,
    'generateTypes().then((files) => process.stdout.write(JSON.stringify({ dir: GENERATED_DIR, files: [...files] })));',
  ].join('\n');
  const tsx = path.join(PROJECT_ROOT, 'node_modules', '.bin', 'tsx');
  const { stdout } = await promisify(execFile)(tsx, ['-e', script], { cwd: PROJECT_ROOT, timeout: 60_000 });
  const { dir, files } = JSON.parse(stdout) as { dir: string; files: [string, string][] };
  return { dir, files: new Map(files) };
}

describe('generated types', () => {
  let generatedDir: string;
  let generated: Map<string, string>;
  beforeAll(async () => {
    ({ dir: generatedDir, files: generated } = await generateTypesInChild());
  }, 60_000);

  it('writes to schemas/generated', () => {
    expect(generatedDir).toBe(path.join(PROJECT_ROOT, 'schemas', 'generated'));
  });

  it('has one file per schema, the index of the named ones, and no others', () => {
    expect(generated.size).toBe(ALL_SCHEMAS.length + ACTIVITY_INPUT_SCHEMAS.length + 1);
    expect(generated.get('index.ts')).toContain('export interface SchemaTypes {');
    const onDisk = (fs.readdirSync(generatedDir, { recursive: true }) as string[])
      .filter((entry) => fs.statSync(path.join(generatedDir, entry)).isFile())
      .sort();
    expect(onDisk).toEqual([...generated.keys()].sort());
  });

  it('is what `npm run schemas:types` writes now (run it when this fails)', () => {
    for (const [file, source] of generated) {
      expect({ file, source: fs.readFileSync(path.join(generatedDir, file), 'utf8') }).toEqual({
        file,
        source,
      });
    }
  });
});

describe('schema registry', () => {
  it.each(Object.keys(SCHEMAS) as SchemaName[])('compiles %s under its $id', (name) => {
    expect(typeof validatorFor(name)).toBe('function');
    expect(ajv.getSchema(SCHEMAS[name].$id)).toBe(validatorFor(name));
  });

  it.each(ALL_SCHEMAS.map((s) => s.$id))('compiles %s', (id) => {
    expect(typeof validatorFor(id)).toBe('function');
  });
});

describe('inboundMessage schema', () => {
  const base = { externalMessageId: 'tg-1001', client: { externalId: 'client-7' } };
  const pointers = (value: unknown): string[] => {
    const result = check<InboundMessage>('inboundMessage', value);
    if (result.ok) throw new Error(`accepted ${JSON.stringify(value)}`);
    return result.details.map((detail) => detail.pointer);
  };

  it.each<[string, Record<string, unknown>]>([
    ['a text message', { text: 'Hello' }],
    ['an attachments-only message', { attachments: ['https://files.example.com/a.png'] }],
    ['a rating "like"', { rating: 'like' }],
    ['a rating "dislike"', { rating: 'dislike' }],
    ['a rating 4', { rating: 4 }],
    ['a rating 1', { rating: 1 }],
    ['a rating 5', { rating: 5 }],
    [
      'every field at once',
      {
        text: 'Hello',
        attachments: ['https://files.example.com/a.png'],
        rating: 'like',
        sentAt: '2025-03-01T12:30:00Z',
        client: { externalId: 'client-7', name: 'Ann', phone: '+49 30 1234', email: 'ann@example.com' },
      },
    ],
  ])('accepts %s', (_, fields) => {
    const message = { ...base, ...fields };
    expect(check<InboundMessage>('inboundMessage', message)).toEqual({ ok: true, value: message });
  });

  it('rejects a message with no text, attachments or rating', () => {
    expect(pointers(base)).toEqual(['/text', '/attachments', '/rating', '/']);
  });

  it.each([6, 0, 4.5, 'meh', 'LIKE', null])('rejects rating %j at /rating', (rating) => {
    const found = pointers({ ...base, rating });
    expect(found.length).toBeGreaterThan(0);
    expect(new Set(found)).toEqual(new Set(['/rating']));
  });

  it('rejects an unknown property, naming it', () => {
    const result = check('inboundMessage', { ...base, text: 'Hello', extra: true });
    expect(result).toEqual({
      ok: false,
      details: [{ pointer: '/extra', message: 'is not an allowed property' }],
    });
  });

  it('escapes ~ and / in property names as JSON pointers do (RFC 6901)', () => {
    expect(pointers({ ...base, text: 'Hello', 'a/b': 1, 'c~d': 2 }).sort()).toEqual(['/a~1b', '/c~0d']);
  });

  it('rejects an unknown property of the client', () => {
    expect(pointers({ ...base, client: { externalId: 'client-7', age: 3 }, text: 'Hello' })).toEqual([
      '/client/age',
    ]);
  });

  it.each<[string, Record<string, unknown>, string[]]>([
    ['an empty externalMessageId', { externalMessageId: '', text: 'Hello' }, ['/externalMessageId']],
    ['a missing externalMessageId', { externalMessageId: undefined, text: 'Hello' }, ['/externalMessageId']],
    ['a missing client', { client: undefined, text: 'Hello' }, ['/client']],
    ['a missing client.externalId', { client: {}, text: 'Hello' }, ['/client/externalId']],
    ['an empty client.externalId', { client: { externalId: '' }, text: 'Hello' }, ['/client/externalId']],
    [
      'a bad email',
      { client: { externalId: 'client-7', email: 'not-an-email' }, text: 'Hello' },
      ['/client/email'],
    ],
    ['a bad sentAt', { sentAt: 'yesterday', text: 'Hello' }, ['/sentAt']],
    ['a sentAt without a time', { sentAt: '2025-03-01', text: 'Hello' }, ['/sentAt']],
    ['an empty text', { text: '' }, ['/text']],
    ['an empty attachments list', { attachments: [] }, ['/attachments']],
    ['an attachment that is not a URI', { attachments: ['not a uri'] }, ['/attachments/0']],
  ])('rejects %s', (_, fields, expected) => {
    const message = JSON.parse(JSON.stringify({ ...base, ...fields })) as unknown;
    expect(pointers(message)).toEqual(expected);
  });

  it('reports every problem at once', () => {
    expect(
      pointers({
        externalMessageId: '',
        client: { email: 'x' },
        text: 'Hello',
        sentAt: 'soon',
        extra: 1,
      }).sort(),
    ).toEqual(['/client/email', '/client/externalId', '/externalMessageId', '/extra', '/sentAt'].sort());
  });

  it('rejects a document that is not an object at /', () => {
    expect(pointers('Hello')).toEqual(['/']);
    expect(pointers(null)).toEqual(['/']);
  });
});

describe('node params schemas', () => {
  it('every node type has a params schema of its own; the ones in schemas/nodes/ are registered', () => {
    const ids = NODE_TYPES.map((n) => n.params.$id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const schema of Object.values(NODE_PARAMS_SCHEMAS))
      expect(NODE_TYPES.some((n) => n.params === schema)).toBe(true);
    for (const node of NODE_TYPES) {
      const registered = NODE_PARAMS_SCHEMAS[node.type as keyof typeof NODE_PARAMS_SCHEMAS];
      if (registered) expect(node.params).toBe(registered);
      else expect(() => ajv.compile(node.params)).not.toThrow(); // declared in its node module
    }
  });
});
