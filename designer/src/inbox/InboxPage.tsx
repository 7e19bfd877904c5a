import { useCallback, useEffect, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Outlet, useNavigate, useParams } from 'react-router';
import type { DialogSummary } from '../api';
import { useLiveStatus } from '../api/live-events';
import { useSession } from '../api/session';
import { errorText } from '../app/error-text';
import { canSupervise } from '../app/use-me';
import { useLines } from '../app/use-lines';
import { DialogList } from './DialogList';
import { ALL_STATUSES, VIEWS, type ListFilters, type StatusFilter, type View } from './dialog-views';
import { isUnread, useInbox } from './inbox-store';
import { NotifySettings } from './NotifySettings';
import { useDialogList } from './use-dialog-lists';
import './inbox.css';

/** The operator inbox: views as tabs, filters, the live list on the left, the open dialog on the right. */
export function InboxPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { id: openId } = useParams();
  const user = useSession((s) => s.user);
  const me = user?.id ?? '';
  const supervisor = canSupervise(user?.role);
  const views = VIEWS.filter((v) => v !== 'all' || supervisor);
  const { view: chosen, lineId, status, seen, setView, setLine, setStatus, markSeen } = useInbox();
  const view: View = views.includes(chosen) ? chosen : 'unanswered';
  const { lines, byId } = useLines();
  const liveStatus = useLiveStatus((s) => s.status);

  // every tab's list is kept (and live), for its count; the shown one pages on
  const filtersOf = useCallback((v: View): ListFilters => ({ view: v, lineId, status }), [lineId, status]);
  const unanswered = useDialogList(filtersOf('unanswered'));
  const mine = useDialogList(filtersOf('mine'));
  const all = useDialogList(filtersOf('all'), supervisor);
  const byView = { unanswered, mine, all };
  const current = byView[view];
  const dialogs = useMemo(() => current.data?.pages.flatMap((p) => p.items) ?? [], [current.data]);
  const unreadOf = (v: View) =>
    (byView[v].data?.pages.flatMap((p) => p.items) ?? []).filter((d) => isUnread(d, seen));
  const counts = Object.fromEntries(views.map((v) => [v, unreadOf(v).length])) as Record<View, number>;
  const unreadIds = new Set([...unreadOf('unanswered'), ...unreadOf('mine')].map((d) => d.id));

  useEffect(() => {
    document.title =
      unreadIds.size > 0
        ? t('inbox.documentTitle', { count: unreadIds.size })
        : t('inbox.documentTitleQuiet');
  }, [unreadIds.size, t]);
  useEffect(() => () => void (document.title = t('app.name')), [t]);

  // the open dialog is being read: what arrives in it is not "new"
  const openDialog = dialogs.find((d) => d.id === openId);
  const openLastAt = openDialog?.lastMessage?.createdAt;
  useEffect(() => {
    if (openId) markSeen(openId, openLastAt ?? new Date().toISOString());
  }, [openId, openLastAt, markSeen]);

  const open = useCallback(
    (dialog: DialogSummary) => {
      markSeen(dialog.id, dialog.lastMessage?.createdAt ?? new Date().toISOString());
      void navigate(`/dialogs/${encodeURIComponent(dialog.id)}`);
    },
    [markSeen, navigate],
  );
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = current;
  const nearEnd = useCallback(() => {
    if (hasNextPage && !isFetchingNextPage) void fetchNextPage();
  }, [hasNextPage, isFetchingNextPage, fetchNextPage]);

  const tabId = (v: View) => `inbox-tab-${v}`;
  return (
    <main id="main" className={`inbox${openId ? ' has-open' : ''}`}>
      <section className="inbox__list" aria-labelledby="inbox-title">
        <div className="inbox__head">
          <h1 id="inbox-title" className="inbox__title">
            {t('inbox.title')}
          </h1>
          <span className={`live live--${liveStatus}`} role="status">
            <span className="live__dot" aria-hidden="true" />
            {t(
              `inbox.live.${liveStatus === 'connected' ? 'connected' : liveStatus === 'connecting' ? 'connecting' : 'offline'}`,
            )}
          </span>
          <NotifySettings />
        </div>
        <div role="tablist" aria-label={t('inbox.tabsLabel')} className="tabs">
          {views.map((v) => (
            <button
              key={v}
              id={tabId(v)}
              type="button"
              role="tab"
              aria-selected={v === view}
              aria-controls="inbox-panel"
              tabIndex={v === view ? 0 : -1}
              className={`tabs__tab${v === view ? ' is-active' : ''}`}
              onClick={() => setView(v)}
              onKeyDown={(e) => {
                const step = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0;
                if (!step) return;
                e.preventDefault();
                const next = views[(views.indexOf(v) + step + views.length) % views.length]!;
                setView(next);
                document.getElementById(tabId(next))?.focus();
              }}
            >
              {t(`inbox.tabs.${v}`)}
              {counts[v] > 0 && (
                <span className="tabs__count">
                  <span aria-hidden="true">{counts[v]}</span>
                  <span className="visually-hidden">, {t('inbox.unreadCount', { count: counts[v] })}</span>
                </span>
              )}
            </button>
          ))}
        </div>
        <div className="filters" role="group" aria-label={t('inbox.filters.label')}>
          <label className="filters__field">
            <span className="visually-hidden">{t('inbox.filters.line')}</span>
            <select
              className="select"
              aria-label={t('inbox.filters.line')}
              value={lineId}
              onChange={(e) => setLine(e.target.value)}
            >
              <option value="">{t('inbox.filters.allLines')}</option>
              {lines.map((l) => (
                <option key={l.id} value={l.id}>
                  {l.name}
                </option>
              ))}
            </select>
          </label>
          <label className="filters__field">
            <span className="visually-hidden">{t('inbox.filters.status')}</span>
            <select
              className="select"
              aria-label={t('inbox.filters.status')}
              value={status}
              onChange={(e) => setStatus(e.target.value as StatusFilter)}
            >
              <option value="">{t('inbox.filters.anyStatus')}</option>
              <option value="open">{t('inbox.filters.open')}</option>
              {ALL_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {t(`inbox.status.${s}`)}
                </option>
              ))}
            </select>
          </label>
        </div>
        <div id="inbox-panel" role="tabpanel" aria-labelledby={tabId(view)} className="inbox__panel">
          {current.isError ? (
            <div className="inbox__state" role="alert">
              <p>{t('inbox.loadError', { reason: errorText(t, current.error) })}</p>
              <button type="button" className="button" onClick={() => void current.refetch()}>
                {t('app.retry')}
              </button>
            </div>
          ) : current.isPending ? (
            <p className="inbox__state">{t('app.loading')}</p>
          ) : dialogs.length === 0 ? (
            <p className="inbox__state">{t(`inbox.empty.${view}`)}</p>
          ) : (
            <DialogList
              dialogs={dialogs}
              label={t('inbox.listLabel', { view: t(`inbox.tabs.${view}`) })}
              linesById={byId}
              me={me}
              openId={openId}
              isUnread={(d) => isUnread(d, seen)}
              onOpen={open}
              onNearEnd={nearEnd}
              footer={
                isFetchingNextPage ? (
                  <p className="list__more" role="status">
                    {t('inbox.loadingMore')}
                  </p>
                ) : null
              }
            />
          )}
        </div>
        <p className="inbox__hint-keys" aria-hidden="true">
          {t('inbox.keyboardHint')}
        </p>
      </section>
      <div className="inbox__pane">
        <Outlet />
      </div>
    </main>
  );
}

export function InboxEmptyPane() {
  const { t } = useTranslation();
  return (
    <div className="inbox__empty-pane">
      <svg viewBox="0 0 64 64" width="56" height="56" aria-hidden="true">
        <rect x="8" y="14" width="48" height="34" rx="8" fill="#eef0ff" />
        <path d="M18 28h28M18 36h18" stroke="#a5b4fc" strokeWidth="4" strokeLinecap="round" />
      </svg>
      <p>{t('inbox.select')}</p>
    </div>
  );
}
