import { useTranslation } from 'react-i18next';
import { chooseLanguage, LANGUAGES, type Language } from '../../i18n';

export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  return (
    <label className="compact-select">
      <span className="visually-hidden">{t('header.language')}</span>
      <select
        aria-label={t('header.language')}
        value={i18n.resolvedLanguage ?? 'en'}
        onChange={(e) => chooseLanguage(e.target.value as Language)}
      >
        {LANGUAGES.map((l) => (
          <option key={l.code} value={l.code} lang={l.code}>
            {l.name}
          </option>
        ))}
      </select>
    </label>
  );
}
