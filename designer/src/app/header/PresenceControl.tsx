import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, type Me } from '../../api';
import { ME_KEY, presenceOf } from '../use-me';

/**
 * Online or away, by hand. Being online otherwise follows the open inbox: the server marks someone
 * online while a tab of theirs listens to /api/events and offline a little after the last one goes.
 */
export function PresenceControl({ me }: { me: Me }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const presence = presenceOf(me);
  const change = useMutation({
    mutationFn: (online: boolean) => api.setPresence({ online }),
    onSuccess: ({ online }) => {
      queryClient.setQueryData<Me>(
        ME_KEY,
        (old) => old && { ...old, online, presence: online ? 'online' : 'away' },
      );
    },
  });
  return (
    <label className={`presence presence--${presence}`}>
      <span className="presence__dot" aria-hidden="true" />
      <span className="visually-hidden">{t('header.presence.label')}</span>
      <select
        aria-label={t('header.presence.label')}
        value={presence}
        disabled={change.isPending}
        onChange={(e) => change.mutate(e.target.value === 'online')}
      >
        <option value="online">{t('header.presence.online')}</option>
        <option value="away">{t('header.presence.away')}</option>
        {presence === 'offline' && (
          <option value="offline" disabled>
            {t('header.presence.offline')}
          </option>
        )}
      </select>
    </label>
  );
}
