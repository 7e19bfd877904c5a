import i18n from 'i18next';
import LanguageDetector from 'i18next-browser-languagedetector';
import { initReactI18next } from 'react-i18next';
import en from './en.json';
import ru from './ru.json';

export const LANGUAGES = [
  { code: 'en', name: 'English' },
  { code: 'ru', name: 'Русский' },
] as const;
export type Language = (typeof LANGUAGES)[number]['code'];

/** Where the language the person picked in the header is remembered. */
export const LANGUAGE_STORAGE_KEY = 'lineflow.language';

export const resources = { en: { translation: en }, ru: { translation: ru } } as const;

/**
 * The browser's language by default (ru-RU gets Russian), until the person picks one in the header;
 * that choice is kept in localStorage and wins from then on.
 */
void i18n
  .use(LanguageDetector)
  .use(initReactI18next)
  .init({
    resources,
    fallbackLng: 'en',
    supportedLngs: LANGUAGES.map((l) => l.code),
    nonExplicitSupportedLngs: true,
    load: 'languageOnly',
    interpolation: { escapeValue: false }, // React escapes
    detection: {
      order: ['localStorage', 'navigator'],
      lookupLocalStorage: LANGUAGE_STORAGE_KEY,
      caches: [],
    },
    returnNull: false,
  });

function syncDocumentLanguage(lng: string) {
  if (typeof document !== 'undefined') document.documentElement.lang = lng.slice(0, 2);
}
syncDocumentLanguage(i18n.resolvedLanguage ?? 'en');
i18n.on('languageChanged', syncDocumentLanguage);

export function chooseLanguage(code: Language): void {
  localStorage.setItem(LANGUAGE_STORAGE_KEY, code);
  void i18n.changeLanguage(code);
}

export function currentLanguage(): Language {
  return (i18n.resolvedLanguage as Language | undefined) ?? 'en';
}

export default i18n;
