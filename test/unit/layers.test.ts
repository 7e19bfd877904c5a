import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/**
 * The layers, from the bottom: schemas/ (JSON Schemas, generated types, the ajv instance) ← workflows/
 * (the pure engine and the deterministic workflow code) ← db/ ← activities/ ← api/ ← worker/, runtime/,
 * bin/. A module imports from its own layer and the ones below; workflow code may also `import type`
 * from activities/ (the SDK's own pattern for typed proxies). An import against that order is a cycle
 * in the making, like an activity that imported an API route to sign its webhook calls.
 */
const ROOT = path.resolve(__dirname, '..', '..');

const MAY_IMPORT: Record<string, readonly string[]> = {
  schemas: ['schemas'],
  workflows: ['workflows', 'schemas'],
  db: ['db', 'workflows', 'schemas'],
  activities: ['activities', 'db', 'workflows', 'schemas'],
  api: ['api', 'activities', 'db', 'workflows', 'schemas', 'runtime'],
};
/** type-only imports that are allowed on top: workflows name their activities' types */
const MAY_IMPORT_TYPES: Record<string, readonly string[]> = { workflows: ['activities'] };

function layerOf(file: string): string {
  const [top, ...rest] = file.split('/');
  return rest.length ? top! : '';
}

function importsOf(file: string): Array<{ target: string; typeOnly: boolean }> {
  const source = fs.readFileSync(path.join(ROOT, file), 'utf8');
  return [...source.matchAll(/^(?:import|export)\s+(type\s+)?[^;]*?from\s+'(\.[^']+)'/gm)].map((m) => ({
    target: path.relative(ROOT, path.resolve(path.dirname(path.join(ROOT, file)), m[2]!)),
    typeOnly: Boolean(m[1]),
  }));
}

describe('layers', () => {
  const files = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '*.ts'], {
    cwd: ROOT,
    encoding: 'utf8',
  })
    .split('\n')
    .filter((file) => file && fs.existsSync(path.join(ROOT, file)) && layerOf(file) in MAY_IMPORT);

  it('finds the modules it checks', () => {
    expect(files.filter((f) => f.startsWith('schemas/')).length).toBeGreaterThan(3);
    expect(files).toContain('activities/delivery/webhook-sender.ts');
  });

  it('has no import against the order of the layers', () => {
    const wrong = files.flatMap((file) => {
      const layer = layerOf(file);
      return importsOf(file)
        .filter(({ target, typeOnly }) => {
          if (target === 'package.json') return false; // the version, read at the top of a process
          // `../activities` (an index) resolves to the folder itself
          const to = target.includes('/') ? layerOf(target) : target;
          if (MAY_IMPORT[layer]!.includes(to)) return false;
          return !(typeOnly && MAY_IMPORT_TYPES[layer]?.includes(to));
        })
        .map(({ target }) => `${file} → ${target}`);
    });
    expect(wrong).toEqual([]);
  });
});
