import { useCallback, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import type { DialogDetail } from '../api';
import { useSession } from '../api/session';
import { errorText } from '../app/error-text';
import { useLines } from '../app/use-lines';
import { DialogFlowLinks } from '../flow-editor/simulate/DialogFlowLinks';
import { ClientCard } from './ClientCard';
import { Composer } from './Composer';
import { dialogApi, type PlainAction } from './dialog-api';
import { DialogActions, type RatingValue } from './DialogActions';
import { allowedActions, isOpen, type DialogAction } from './dialog-permissions';
import { MessageList } from './MessageList';
import { PeoplePicker, type PickerChoice } from './PeoplePicker';
import { personName } from './people';
import { useColleagues, useDialog, useDialogMutation } from './use-dialog';
import { useLiveDialog } from './use-live-dialog';
import './dialog.css';

/** /dialogs/:id — the conversation an operator works in: messages, actions, answer box, client card. */
export function DialogPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const dialog = useDialog(id);
  useLiveDialog(id);

  if (dialog.isPending)
    return (
      <p className="dialog-status" role="status">
        {t('app.loading')}
      </p>
    );
  if (dialog.isError)
    return (
      <div className="dialog-status">
        <p role="alert">{t('dialog.loadError', { reason: errorText(t, dialog.error) })}</p>
        <button type="button" className="button" onClick={() => void dialog.refetch()}>
          {t('app.retry')}
        </button>
      </div>
    );
  return <DialogView key={dialog.data.id} dialog={dialog.data} />;
}

type Picking = 'transfer' | 'invite' | null;

function DialogView({ dialog }: { dialog: DialogDetail }) {
  const { t } = useTranslation();
  const user = useSession((s) => s.user);
  const lines = useLines();
  const colleagues = useColleagues();
  const [showTimeline, setShowTimeline] = useState(true);
  const [showFlowSteps, setShowFlowSteps] = useState(false);
  const [picking, setPicking] = useState<Picking>(null);
  const [refusal, setRefusal] = useState<string | null>(null);
  const [pending, setPending] = useState<DialogAction | null>(null);

  const line = lines.byId.get(dialog.lineId);
  const timeZone = line?.settings.timeZone ?? 'UTC';
  const allowed = useMemo(
    () => (user ? allowedActions(dialog, { id: user.id, role: user.role }) : new Set<DialogAction>()),
    [dialog, user],
  );
  const name = useCallback(
    (id: string | null) => personName(t, id, user?.id, colleagues.byId),
    [t, user?.id, colleagues.byId],
  );
  const lineName = useCallback((id: string) => lines.byId.get(id)?.name ?? id, [lines.byId]);
  const clientName = dialog.client?.name?.trim() || t('inbox.unknownClient');
  const supervisorRating = useMemo(() => {
    const rated = dialog.timeline.filter((e) => e.type === 'dialog.rated').pop();
    return rated && rated.rating !== undefined ? String(rated.rating as string | number) : null;
  }, [dialog.timeline]);

  const act = useDialogMutation(dialog.id, (action: PlainAction) => dialogApi.act(dialog.id, action));
  const send = useDialogMutation(dialog.id, (vars: { text: string; hidden: boolean }) =>
    dialogApi.send(dialog.id, vars),
  );
  const move = useDialogMutation(dialog.id, (vars: { mode: 'transfer' | 'invite'; choice: PickerChoice }) =>
    vars.mode === 'transfer'
      ? dialogApi.transfer(dialog.id, vars.choice)
      : dialogApi.invite(dialog.id, { operatorId: (vars.choice as { operatorId: string }).operatorId }),
  );
  const rate = useDialogMutation(dialog.id, (value: RatingValue) => dialogApi.rate(dialog.id, { value }));

  /** Runs one call; a refusal shows the API's reason until the next action. */
  const attempt = async (action: DialogAction, run: () => Promise<unknown>) => {
    setRefusal(null);
    setPending(action);
    try {
      await run();
      return true;
    } catch (error) {
      setRefusal(errorText(t, error));
      throw error;
    } finally {
      setPending(null);
    }
  };

  const onAction = (action: Exclude<DialogAction, 'send' | 'rate'>) => {
    if (action === 'transfer' || action === 'invite') {
      setRefusal(null);
      setPicking(action);
      return;
    }
    void attempt(action, () => act.mutateAsync(action === 'lead' ? 'lead' : action)).catch(() => undefined);
  };

  const onChoose = (choice: PickerChoice) => {
    const mode = picking!;
    void attempt(mode, () => move.mutateAsync({ mode, choice })).then(
      () => setPicking(null),
      () => setPicking(null),
    );
  };

  const onCancelPicker = useCallback(() => setPicking(null), []);

  const pickerColleagues = colleagues.available
    ? colleagues.colleagues.filter(
        (c) =>
          !c.fired &&
          c.lines.includes(dialog.lineId) &&
          c.id !== user?.id &&
          c.id !== dialog.responsibleOperatorId &&
          (picking !== 'invite' || !dialog.participants.includes(c.id)),
      )
    : null;
  const pickerLines = lines.lines.filter((l) => l.id !== dialog.lineId && l.active);

  return (
    <section className="dialog-view" aria-labelledby="dialog-title">
      <header className="dialog-head">
        <div className="dialog-head__who">
          <h2 id="dialog-title" className="dialog-head__title">
            {clientName}
          </h2>
          <p className="dialog-head__meta">
            <span className={`status-pill status-pill--${dialog.status}`}>
              {t(`inbox.status.${dialog.status}`)}
            </span>
            <span>
              {dialog.channelKind ? t(`inbox.channel.${dialog.channelKind}`) : t('inbox.channel.unknown')}
            </span>
            <span aria-hidden="true">·</span>
            <span>{lineName(dialog.lineId)}</span>
            <span aria-hidden="true">·</span>
            <span>
              {dialog.responsibleOperatorId
                ? t('dialog.head.responsible', { name: name(dialog.responsibleOperatorId) })
                : t('dialog.head.nobody')}
            </span>
            {dialog.pinned && <span className="dialog-head__pinned">{t('dialog.head.pinned')}</span>}
          </p>
        </div>
        <DialogActions
          allowed={allowed}
          pending={pending}
          onAction={onAction}
          onRate={(value) => void attempt('rate', () => rate.mutateAsync(value)).catch(() => undefined)}
        />
      </header>

      {refusal && (
        <div className="refusal" role="alert">
          <span>{t('dialog.refused', { reason: refusal })}</span>
          <button
            type="button"
            className="button button--ghost button--small"
            aria-label={t('dialog.dismiss')}
            onClick={() => setRefusal(null)}
          >
            ×
          </button>
        </div>
      )}

      <div className="dialog-body">
        <div className="dialog-main">
          <div className="dialog-main__bar">
            <label className="switch switch--small">
              <input
                type="checkbox"
                checked={showTimeline}
                onChange={(e) => setShowTimeline(e.target.checked)}
              />
              <span className="switch__track" aria-hidden="true" />
              <span>{t('dialog.timeline.toggle')}</span>
            </label>
            {showTimeline && (
              <label className="switch switch--small">
                <input
                  type="checkbox"
                  checked={showFlowSteps}
                  onChange={(e) => setShowFlowSteps(e.target.checked)}
                />
                <span className="switch__track" aria-hidden="true" />
                <span>{t('dialog.timeline.flowToggle')}</span>
              </label>
            )}
            <span className="dialog-main__zone">{t('dialog.head.timeZone', { zone: timeZone })}</span>
            <DialogFlowLinks dialogId={dialog.id} lineId={dialog.lineId} role={user?.role} />
          </div>
          <MessageList
            dialog={dialog}
            showTimeline={showTimeline}
            showFlowSteps={showFlowSteps}
            timeZone={timeZone}
            clientName={clientName}
            name={name}
            lineName={lineName}
          />
          {allowed.has('send') ? (
            <Composer
              lineId={dialog.lineId}
              sending={pending === 'send'}
              onSend={(text, hidden) => attempt('send', () => send.mutateAsync({ text, hidden }))}
            />
          ) : (
            <p className="composer-closed">
              {!isOpen(dialog)
                ? t('dialog.composer.closed')
                : allowed.has('accept')
                  ? t('dialog.composer.acceptFirst')
                  : allowed.has('take')
                    ? t('dialog.composer.takeFirst')
                    : t('dialog.composer.readOnly')}
            </p>
          )}
        </div>
        <ClientCard
          dialog={dialog}
          timeZone={timeZone}
          lineName={lineName}
          supervisorRating={supervisorRating}
        />
      </div>

      {picking && (
        <PeoplePicker
          mode={picking}
          colleagues={pickerColleagues}
          lines={picking === 'transfer' ? pickerLines : []}
          busy={pending !== null}
          onChoose={onChoose}
          onCancel={onCancelPicker}
        />
      )}
    </section>
  );
}
