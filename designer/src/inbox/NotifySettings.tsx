import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useInbox } from './inbox-store';
import { askNotificationPermission, beep, notificationsSupported } from './offer-alerts';

/** Opt-in: a beep and/or a desktop notification when a dialog is offered to me. */
export function NotifySettings() {
  const { t } = useTranslation();
  const { sound, desktop, setSound, setDesktop } = useInbox();
  const [denied, setDenied] = useState(false);
  return (
    <fieldset className="notify">
      <legend className="visually-hidden">{t('inbox.notify.label')}</legend>
      <label className="toggle">
        <input
          type="checkbox"
          checked={sound}
          onChange={(e) => {
            setSound(e.target.checked);
            if (e.target.checked) beep(); // also unlocks audio: browsers need a gesture first
          }}
        />
        <span>{t('inbox.notify.sound')}</span>
      </label>
      {notificationsSupported() && (
        <label className="toggle">
          <input
            type="checkbox"
            checked={desktop}
            onChange={async (e) => {
              const on = e.target.checked;
              if (!on) return setDesktop(false);
              const permission = await askNotificationPermission();
              setDenied(permission !== 'granted');
              setDesktop(permission === 'granted');
            }}
          />
          <span>{t('inbox.notify.desktop')}</span>
        </label>
      )}
      {denied && (
        <span className="notify__denied" role="status">
          {t('inbox.notify.denied')}
        </span>
      )}
    </fieldset>
  );
}
