import fs from 'node:fs';
import path from 'node:path';
import packageJson from '../../package.json';
import { ENV_VARIABLES } from '../../runtime/config';

const readme = fs.readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf8');

/** Keeps the README true about what it can check without running anything. */
describe('README', () => {
  it('shows the two commands', () => {
    expect(readme).toContain('npm install && npm start');
    expect(readme).toContain('npm install && npm test');
  });

  it('documents every environment variable in the configuration table', () => {
    const documented = [...readme.matchAll(/^\| `([A-Z_]+)`\s*\|/gm)].map((m) => m[1]);
    expect(documented.sort()).toEqual(ENV_VARIABLES.map((v) => v.name).sort());
  });

  it('names only scripts that package.json has', () => {
    const scripts = Object.keys(packageJson.scripts);
    const named = [...readme.matchAll(/npm run ([a-z:]+)/g)].map((m) => m[1]);
    for (const script of named) expect(scripts).toContain(script);
  });
});
