import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { DialogDetail } from '../api';
import { formatDuration, formatTime } from '../app/format';
import { dialogApi } from './dialog-api';
import { ratingText } from './timeline-text';
import { clientKey } from './use-dialog';

export interface ClientCardProps {
  dialog: DialogDetail;
  timeZone: string;
  lineName: (id: string) => string;
  supervisorRating: string | null;
}

/**
 * Who the client is (GET /api/clients/:id): their profile, their identities on each channel kind, this
 * dialog's channel, KPI, rating and lead, and their earlier dialogs on any channel of my lines.
 */
export function ClientCard({ dialog, timeZone, lineName, supervisorRating }: ClientCardProps) {
  const { t, i18n } = useTranslation();
  const client = dialog.client;
  const card = useQuery({
    queryKey: clientKey(client?.id ?? ''),
    queryFn: () => dialogApi.client(client!.id),
    enabled: !!client,
    staleTime: 60_000,
  });
  const earlier = (card.data?.dialogs ?? []).filter((d) => d.id !== dialog.id);
  const lead = card.data?.leads.find((l) => l.id === dialog.leadId) ?? card.data?.leads[0];
  const identities = card.data?.identities ?? [];
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
        {identities.length > 0 && (
          <>
            <dt>{t('dialog.client.identities')}</dt>
            <dd className="facts__wrap">
              {identities.map((i) => (
                <span key={`${i.channelKind}:${i.externalId}`} className="identity">
                  {t(`inbox.channel.${i.channelKind}`, { defaultValue: i.channelKind })}: {i.externalId}
                </span>
              ))}
            </dd>
          </>
        )}
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
        <dd className="facts__wrap">
          {lead ? `${lead.title} · ${lead.status}` : (dialog.leadId ?? t('dialog.client.noLead'))}
        </dd>
      </dl>

      <h3 className="client-card__section">{t('dialog.client.earlier')}</h3>
      {card.isPending && client ? (
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
