import { useDismiss } from '../use-dismiss';
import { useId, useRef, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../api';
import { formatDuration, formatTime } from '../format';
import { useLines } from '../use-lines';

export const ALERTS_KEY = ['alerts'] as const;

/** KPI alerts addressed to a supervisor or admin (GET /api/me/alerts): a badge and the list. */
export function AlertsMenu() {
  const { t, i18n } = useTranslation();
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const root = useRef<HTMLDivElement>(null);
  const alerts = useQuery({ queryKey: ALERTS_KEY, queryFn: () => api.alerts(), refetchInterval: 60_000 });
  const lines = useLines();
  const items = alerts.data?.items ?? [];
  const unread = items.filter((a) => !a.readAt).length;

  useDismiss(open, root, () => setOpen(false));

  return (
    <div className="alerts" ref={root}>
      <button
        type="button"
        className={`button button--ghost alerts__button${unread ? ' has-alerts' : ''}`}
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen((o) => !o)}
      >
        <svg viewBox="0 0 24 24" width="18" height="18" aria-hidden="true" focusable="false">
          <path
            fill="currentColor"
            d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6v-5a7 7 0 0 0-5.5-6.84V3.5a1.5 1.5 0 0 0-3 0v.66A7 7 0 0 0 5 11v5l-2 2v1h18v-1l-2-2Z"
          />
        </svg>
        <span className="visually-hidden">{t('header.alerts.button', { count: unread })}</span>
        {unread > 0 && (
          <span className="badge" aria-hidden="true">
            {unread > 99 ? '99+' : unread}
          </span>
        )}
      </button>
      {open && (
        <div className="alerts__panel" id={panelId} role="region" aria-label={t('header.alerts.title')}>
          <h2 className="alerts__title">{t('header.alerts.title')}</h2>
          {items.length === 0 ? (
            <p className="alerts__empty">{t('header.alerts.empty')}</p>
          ) : (
            <ul className="alerts__list">
              {items.map((alert) => {
                const line = lines.byId.get(alert.lineId);
                const threshold = alert.thresholdMs === null ? '—' : formatDuration(t, alert.thresholdMs);
                return (
                  <li key={alert.id} className={alert.readAt ? 'alerts__item' : 'alerts__item is-unread'}>
                    <Link
                      to={`/dialogs/${encodeURIComponent(alert.dialogId)}`}
                      onClick={() => setOpen(false)}
                    >
                      <span className="alerts__what">
                        {alert.kpi === 'firstAnswer'
                          ? t('header.alerts.firstAnswer', { threshold })
                          : t('header.alerts.answer', { threshold })}
                      </span>
                      <span className="alerts__meta">
                        {line?.name ?? alert.lineId} ·{' '}
                        <time dateTime={alert.createdAt}>
                          {formatTime(alert.createdAt, i18n.language, line?.settings.timeZone)}
                        </time>
                      </span>
                    </Link>
                  </li>
                );
              })}
            </ul>
          )}
        </div>
      )}
    </div>
  );
}
