import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, type Me } from '../../api';
import type { WorkdayRequest } from '../../../../schemas/generated/workday-request';
import { ME_KEY } from '../use-me';

/** Start, pause and end the workday (what routing reads on lines that track time). */
export function WorkdayControl({ me }: { me: Me }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const change = useMutation({
    mutationFn: (action: WorkdayRequest['action']) => api.workday({ action }),
    onSuccess: ({ workdayState }) =>
      queryClient.setQueryData<Me>(ME_KEY, (old) => old && { ...old, workdayState }),
  });
  const state = me.workdayState;
  const button = (action: WorkdayRequest['action'], label: string, primary = false) => (
    <button
      type="button"
      className={`button button--small${primary ? ' button--soft' : ' button--ghost'}`}
      disabled={change.isPending}
      onClick={() => change.mutate(action)}
    >
      {label}
    </button>
  );
  return (
    <div className={`workday workday--${state}`} role="group" aria-label={t('header.workday.label')}>
      <span className="workday__state" role="status">
        {t(`header.workday.${state}`)}
      </span>
      {state === 'stopped' && button('start', t('header.workday.start'), true)}
      {state === 'paused' && button('start', t('header.workday.resume'), true)}
      {state === 'started' && button('pause', t('header.workday.pause'))}
      {state !== 'stopped' && button('stop', t('header.workday.stop'))}
    </div>
  );
}
