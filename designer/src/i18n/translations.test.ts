import en from './en.json';
import ru from './ru.json';

type Tree = { [key: string]: string | Tree };

/** Every key path, with plural forms (_one, _few …) folded into their base key: languages have different forms. */
function keys(tree: Tree, prefix = ''): Set<string> {
  const found = new Set<string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = `${prefix}${key.replace(/_(zero|one|two|few|many|other)$/, '')}`;
    if (typeof value === 'string') found.add(path);
    else for (const inner of keys(value, `${path}.`)) found.add(inner);
  }
  return found;
}

function leaves(tree: Tree, prefix = ''): Array<[string, string]> {
  return Object.entries(tree).flatMap(([key, value]) =>
    typeof value === 'string'
      ? [[`${prefix}${key}`, value] as [string, string]]
      : leaves(value, `${prefix}${key}.`),
  );
}

const placeholders = (text: string) => [...text.matchAll(/{{\s*(\w+)\s*}}/g)].map((m) => m[1]!).sort();

describe('translations', () => {
  const languages = { en: en as Tree, ru: ru as Tree };

  it('have the same keys in English and Russian', () => {
    const enKeys = keys(languages.en);
    const ruKeys = keys(languages.ru);
    expect([...enKeys].filter((k) => !ruKeys.has(k))).toEqual([]);
    expect([...ruKeys].filter((k) => !enKeys.has(k))).toEqual([]);
  });

  it('group keys by feature', () => {
    const features = [
      'app',
      'login',
      'header',
      'inbox',
      'duration',
      'dialog',
      'stats',
      'flowSimulation',
      'admin',
      'flowEditor',
    ];
    expect(Object.keys(en).filter((k) => !features.includes(k))).toEqual([]);
  });

  it('use the same placeholders in both languages', () => {
    const ruByBase = new Map<string, string[]>();
    for (const [key, text] of leaves(languages.ru))
      ruByBase.set(key.replace(/_(zero|one|two|few|many|other)$/, ''), placeholders(text));
    const mismatched = leaves(languages.en).filter(([key, text]) => {
      const base = key.replace(/_(zero|one|two|few|many|other)$/, '');
      return JSON.stringify(ruByBase.get(base)) !== JSON.stringify(placeholders(text));
    });
    expect(mismatched).toEqual([]);
  });

  it('give Russian plurals every form Russian needs', () => {
    const plural = leaves(languages.ru)
      .map(([key]) => /^(.*)_(one|few|many|other)$/.exec(key)?.[1])
      .filter((k): k is string => !!k);
    for (const base of new Set(plural))
      for (const form of ['one', 'few', 'many', 'other'])
        expect(leaves(languages.ru).map(([k]) => k)).toContain(`${base}_${form}`);
  });

  it('are translated into Russian, not copied from English', () => {
    const ruTexts = new Map(leaves(languages.ru));
    // names and symbols that read the same in both
    const same = new Set([
      'app.name',
      'inbox.channel.telegram',
      'inbox.notify.body',
      'admin.settings.fields.crm',
      'admin.channels.kinds.telegram',
      'admin.employees.fields.email',
      'admin.employees.vacationRange',
      'flowEditor.versions.by',
      'flowEditor.versions.system',
    ]);
    const copied = leaves(languages.en)
      .filter(([key, text]) => !same.has(key) && ruTexts.get(key) === text)
      .map(([key]) => key);
    expect(copied).toEqual([]);
  });
});
