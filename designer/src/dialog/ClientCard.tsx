import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { DialogDetail } from '../api';
import { formatDuration, formatTime } from '../app/format';
import { dialogApi } from './dialog-api';
import { ratingText } from './timeline-text';
import { RECENT_DIALOGS_KEY } from './use-dialog';

export interface ClientCardProps {
  dialog: DialogDetail;
  timeZone: string;
  lineName: (id: string) => string;
  supervisorRating: string | null;
}

/**
 * Who the client is: their profile, this dialog's channel, KPI, rating and lead, and their earlier
 * dialogs on any channel (found among the recent dialogs: the API has no per-client list).
 */
export function ClientCard({ dialog, timeZone, lineName, supervisorRating }: ClientCardProps) {
  const { t, i18n } = useTranslation();
  const client = dialog.client;
  const recent = useQuery({
    queryKey: RECENT_DIALOGS_KEY,
    queryFn: () => dialogApi.recentDialogs(),
    enabled: !!client,
    staleTime: 60_000,
  });
  const earlier = (recent.data?.items ?? [])
    .filter((d) => d.client?.id === client?.id && d.id !== dialog.id)
    .sort((a, b) => (a.createdAt < b.createdAt ? 1 : -1));
  const channel = dialog.channelKind ? t(`inbox.channel.${dialog.channelKind}`) : t('inbox.channel.unknown');

  return (
    <aside className="client-card" aria-labelledby="client-card-title">
      <h2 id="client-card-title" className="client-card__title">
        {t('dialog.client.title')}
      </h2>
      <dl className="facts">
        <dt>{t('dialog.client.name')}</dt>
        <dd>{client?.name ?? t('inbox.unknownClient')}</dd>
        <dt>{t('dialog.client.phone')}</dt>
        <dd>{client?.phone ?? '—'}</dd>
        <dt>{t('dialog.client.email')}</dt>
        <dd className="facts__wrap">{client?.email ?? '—'}</dd>
        <dt>{t('dialog.client.channel')}</dt>
        <dd>{channel}</dd>
        <dt>{t('dialog.client.line')}</dt>
        <dd>{lineName(dialog.lineId)}</dd>
      </dl>

      <h3 className="client-card__section">{t('dialog.client.thisDialog')}</h3>
      <dl className="facts">
        <dt>{t('dialog.client.started')}</dt>
        <dd>
          <time dateTime={dialog.createdAt}>{formatTime(dialog.createdAt, i18n.language, timeZone)}</time>
        </dd>
        <dt>{t('dialog.client.firstAnswer')}</dt>
        <dd>{dialog.kpi.firstAnswerMs === null ? '—' : formatDuration(t, dialog.kpi.firstAnswerMs)}</dd>
        <dt>{t('dialog.client.breaches')}</dt>
        <dd className={dialog.kpi.breaches > 0 ? 'facts__bad' : undefined}>{dialog.kpi.breaches}</dd>
        <dt>{t('dialog.client.clientRating')}</dt>
        <dd>{ratingText(t, dialog.rating)}</dd>
        <dt>{t('dialog.client.supervisorRating')}</dt>
        <dd>{ratingText(t, supervisorRating)}</dd>
        <dt>{t('dialog.client.lead')}</dt>
        <dd className="facts__wrap">{dialog.leadId ?? t('dialog.client.noLead')}</dd>
      </dl>

      <h3 className="client-card__section">{t('dialog.client.earlier')}</h3>
      {recent.isPending && client ? (
        <p className="client-card__note">{t('app.loading')}</p>
      ) : earlier.length === 0 ? (
        <p className="client-card__note">{t('dialog.client.noEarlier')}</p>
      ) : (
        <ul className="earlier">
          {earlier.map((d) => (
            <li key={d.id}>
              <Link to={`/dialogs/${encodeURIComponent(d.id)}`} className="earlier__link">
                <span className="earlier__when">
                  <time dateTime={d.createdAt}>{formatTime(d.createdAt, i18n.language, timeZone)}</time>
                  {' · '}
                  {d.channelKind ? t(`inbox.channel.${d.channelKind}`) : t('inbox.channel.unknown')}
                </span>
                <span className="earlier__status">{t(`inbox.status.${d.status}`)}</span>
                {d.lastMessage?.text && <span className="earlier__text">{d.lastMessage.text}</span>}
              </Link>
            </li>
          ))}
        </ul>
      )}
    </aside>
  );
}
