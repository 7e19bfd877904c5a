import { useEffect } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { api, ApiError, type LiveEvent } from '../api';
import { connectLiveEvents, publishLiveEvent, useLiveStatus } from '../api/live-events';
import { useSession } from '../api/session';
import { applyLiveEventToInbox, replayOntoFetchedLists } from '../inbox/live-inbox';
import { useInbox } from '../inbox/inbox-store';
import { beep, notifyDesktop } from '../inbox/offer-alerts';
import { ALERTS_KEY } from './header/AlertsMenu';
import { ME_KEY } from './use-me';

/**
 * The app's one event stream (GET /api/events) while someone is signed in: it feeds the inbox lists'
 * cache, the alerts badge and whoever subscribes (the dialog view), and rings for a new offer to me.
 * An open stream is also what keeps the person online (the server ties presence to it).
 */
export function LiveEvents() {
  const token = useSession((s) => s.token);
  const me = useSession((s) => s.user?.id);
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const { t } = useTranslation();
  const status = useLiveStatus((s) => s.status);

  useEffect(() => {
    // the server has just marked us online (or not, when away): show what it says
    if (status !== 'connected') return;
    void queryClient.invalidateQueries({ queryKey: ME_KEY });
    // and once more a moment later: a busy server may still be writing it
    const again = setTimeout(() => void queryClient.invalidateQueries({ queryKey: ME_KEY }), 1500);
    return () => clearTimeout(again);
  }, [status, queryClient]);

  useEffect(() => {
    if (!token || !me) return;
    const stopReplay = replayOntoFetchedLists(queryClient, me);
    const offeredToMe = (event: LiveEvent) =>
      event.type === 'dialog.offered' &&
      event.dialog.offeredTo.includes(me) &&
      (!Array.isArray(event.data.operatorIds) || event.data.operatorIds.includes(me));
    const connection = connectLiveEvents({
      url: (lastEventId) => `${api.eventsUrl()}${lastEventId ? `&lastEventId=${lastEventId}` : ''}`,
      onEvent: (event) => {
        publishLiveEvent(event);
        if (event.type === 'kpi.exceeded') void queryClient.invalidateQueries({ queryKey: ALERTS_KEY });
        void applyLiveEventToInbox(queryClient, event, me).then((dialog) => {
          if (!offeredToMe(event)) return;
          const { sound, desktop } = useInbox.getState();
          if (sound) beep();
          if (desktop) {
            const client = dialog?.client?.name ?? t('inbox.unknownClient');
            const text = dialog?.lastMessage?.text ?? '';
            notifyDesktop(
              t('inbox.notify.title'),
              t('inbox.notify.body', { client, text }),
              () => void navigate(`/dialogs/${encodeURIComponent(event.dialogId)}`),
            );
          }
        });
      },
      onRefused: async () => {
        // find out why: a 401 here ends the session (the API client sends the person to /login)
        try {
          await api.me();
          return true;
        } catch (error) {
          return !(error instanceof ApiError && error.status === 401);
        }
      },
      onResumed: () => void queryClient.invalidateQueries({ queryKey: ['dialogs'] }),
    });
    return () => {
      connection.stop();
      stopReplay();
    };
  }, [token, me, queryClient, navigate, t]);

  return null;
}
