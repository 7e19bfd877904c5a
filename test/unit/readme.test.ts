import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import packageJson from '../../package.json';
import { loadCatalog } from '../../activities/registry';
import { ENV_VARIABLES } from '../../runtime/config';
import { validateFlow } from '../../workflows/engine/validate-flow';

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

const ROOT = path.join(__dirname, '..', '..');
const DOCS = ['product', 'flows', 'architecture'] as const;
const docText = (name: string) => fs.readFileSync(path.join(ROOT, 'docs', `${name}.md`), 'utf8');

/** The numbers of a doc's sections: its headings read "## 3.2 Availability". */
const sectionsOf = (markdown: string) =>
  new Set([...markdown.matchAll(/^#{2,6} (\d+(?:\.\d+)*) /gm)].map((m) => m[1]));

/** GitHub's anchor of a heading: lower case, punctuation dropped, spaces as hyphens. */
const slug = (heading: string) =>
  heading
    .toLowerCase()
    .replace(/[^\p{L}\p{N} _-]/gu, '')
    .replace(/ /g, '-');

/** Every file git tracks (the tree without node_modules and data when this is no git checkout). */
function trackedFiles(): string[] {
  try {
    return execFileSync('git', ['ls-files', '-z'], { cwd: ROOT, encoding: 'utf8' })
      .split('\0')
      .filter(Boolean);
  } catch {
    const skip = new Set(['node_modules', '.git', 'data', '.cache']);
    const walk = (dir: string): string[] =>
      fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
        const relative = path.join(dir, entry.name);
        if (entry.isDirectory()) return skip.has(entry.name) ? [] : walk(relative);
        return [relative];
      });
    return walk('');
  }
}

/** The tracked files, and the docs even before they are committed. */
const filesToCheck = () => [...new Set([...trackedFiles(), ...DOCS.map((name) => `docs/${name}.md`)])];

function textOf(file: string): string | null {
  const full = path.join(ROOT, file);
  if (!fs.existsSync(full) || !fs.statSync(full).isFile()) return null; // deleted in the work tree
  const bytes = fs.readFileSync(full);
  return bytes.includes(0) ? null : bytes.toString('utf8');
}

/** "§3.1–3.3, §4" → ["3.1", "3.3", "4"]: both ends of a range must exist. */
const citedNumbers = (list: string) => [...list.matchAll(/\d+(?:\.\d+)*/g)].map((m) => m[0]);

/** The repository stands on its own: its docs say what the product is, and code cites them. */
describe('docs/', () => {
  it('README starts by pointing at docs/', () => {
    const opening = readme.split('\n## ')[0]!;
    for (const name of DOCS) expect(opening).toContain(`docs/${name}.md`);
  });

  it('numbers its sections in the headings, each number once', () => {
    for (const name of DOCS) {
      const numbers = [...docText(name).matchAll(/^#{2,6} (\d+(?:\.\d+)*) /gm)].map((m) => m[1]);
      expect(numbers.length).toBeGreaterThan(5);
      expect(numbers.filter((n, i) => numbers.indexOf(n) !== i)).toEqual([]);
    }
  });

  it('has every section that a file cites (docs/product.md §3.2) and every anchor a doc links to', () => {
    const sections = new Map(DOCS.map((name) => [name, sectionsOf(docText(name))]));
    const anchors = new Map(
      DOCS.map((name) => [
        `${name}.md`,
        new Set([...docText(name).matchAll(/^#{1,6} (.+)$/gm)].map((m) => slug(m[1]!))),
      ]),
    );
    const missing: string[] = [];
    const cite =
      /(?:(?:docs\/)?(\w+)\.md`?\s*)?§\s?(\d+(?:\.\d+)*(?:\s?[–-]\s?\d+(?:\.\d+)*)?(?:, §\d+(?:\.\d+)*)*)/g;
    for (const file of filesToCheck()) {
      const text = textOf(file);
      if (text === null) continue;
      const inDocs = /^docs\/\w+\.md$/.test(file);
      for (const m of text.matchAll(cite)) {
        // Outside docs/ only "docs/<name>.md §…" is a citation; inside, a bare "§3.2" means the same file.
        if (!inDocs && !m[0].startsWith('docs/')) continue;
        const doc = m[1] ?? path.basename(file, '.md');
        for (const section of citedNumbers(m[2]!)) {
          if (!sections.get(doc as (typeof DOCS)[number])?.has(section))
            missing.push(`${file}: ${doc}.md §${section}`);
        }
      }
      if (!inDocs) continue;
      for (const [, target, anchor] of text.matchAll(/\]\(([^)#\s]*)(?:#([^)\s]+))?\)/g)) {
        const linked = target ? path.normalize(path.join('docs', target)) : file;
        if (!fs.existsSync(path.join(ROOT, linked))) missing.push(`${file}: link to ${target}`);
        else if (anchor && !anchors.get(path.basename(linked))?.has(anchor))
          missing.push(`${file}: link to ${target}#${anchor}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('has a flow example that passes the real validator', () => {
    const example = docText('flows').split(/^## 9 Example$/m)[1] ?? '';
    const json = /```json\n([\s\S]*?)```/.exec(example)?.[1];
    expect(json).toBeDefined();
    const result = validateFlow(JSON.parse(json!), loadCatalog());
    expect(result.ok ? [] : result.problems).toEqual([]);
  });

  it('lets no tracked file refer to documents outside the repository', () => {
    // Spelled in pieces, so that this file does not name them itself.
    const outside = [
      ['..', 'shared'].join('/'),
      ['/work', 'shared'].join('/'),
      'SPEC' + '.md',
      'SPEC' + ' §',
      'SPEC' + ' \\u00a7',
      'DESIGN' + '.md',
    ];
    const found = filesToCheck().flatMap((file) => {
      const text = textOf(file);
      return text === null
        ? []
        : outside.filter((needle) => text.includes(needle)).map((needle) => `${file}: ${needle}`);
    });
    expect(found).toEqual([]);
  });
});
