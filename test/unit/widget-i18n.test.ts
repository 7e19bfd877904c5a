import { format, LANGUAGES, pickLanguage, STRINGS } from '../../designer/widget/src/i18n';

/** The website chat's own strings (designer/widget/src/i18n.ts). */
describe('widget strings', () => {
  it('has the same keys in every language, none of them empty', () => {
    const keys = Object.keys(STRINGS.en).sort();
    for (const language of LANGUAGES) {
      expect([language, Object.keys(STRINGS[language]).sort()]).toEqual([language, keys]);
      for (const [key, text] of Object.entries(STRINGS[language]))
        expect([language, key, text.trim()]).not.toContainEqual('');
    }
  });

  it('uses the same placeholders in every language', () => {
    const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const key of Object.keys(STRINGS.en) as Array<keyof typeof STRINGS.en>)
      for (const language of LANGUAGES)
        expect([key, language, placeholders(STRINGS[language][key])]).toEqual([
          key,
          language,
          placeholders(STRINGS.en[key]),
        ]);
  });

  it('picks the first language it speaks: the tag, the page, the line, the browser', () => {
    expect(pickLanguage(['auto', 'ru-RU', 'en'])).toBe('ru');
    expect(pickLanguage([undefined, '', 'EN-gb'])).toBe('en');
    expect(pickLanguage([null, 'de', 'ru'])).toBe('ru');
    expect(pickLanguage(['fr', 'de'])).toBe('en');
  });

  it('fills placeholders and leaves unknown ones visible', () => {
    expect(format('en', 'openChatUnread', { count: 3 })).toBe('Open chat (3 unread)');
    expect(format('ru', 'offlineThanks', { email: 'a@b.c' })).toBe('Спасибо! Мы ответим на a@b.c.');
    expect(format('en', 'rateStars')).toBe('{value} out of 5');
  });
});
