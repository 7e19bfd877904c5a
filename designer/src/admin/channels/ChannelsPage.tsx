import type { ErrorSchema } from '@rjsf/utils';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api';
import { errorText } from '../../app/error-text';
import { useLines } from '../../app/use-lines';
import { ADMIN_KEYS, adminApi, type Channel } from '../admin-api';
import { CHANNEL_KINDS, channelConfigFormName, type ChannelKindName } from '../forms/form-schemas';
import { SchemaForm } from '../forms/SchemaForm';
import { serverErrorSchema } from '../forms/server-errors';
import { RequireAdmin } from '../RequireAdmin';
import { MASK, telegramSetWebhook, widgetSnippet } from './channel-snippets';
import '../admin.css';

/** /admin/channels — the channels of every line: connect one, switch it on or off, its secret and snippets. */
export function ChannelsPage() {
  const { t } = useTranslation();
  return (
    <RequireAdmin title={t('admin.channels.title')}>
      <Channels />
    </RequireAdmin>
  );
}

function Channels() {
  const { t } = useTranslation();
  const channels = useQuery({ queryKey: ADMIN_KEYS.channels, queryFn: () => adminApi.channels() });
  const [creating, setCreating] = useState(false);
  return (
    <main id="main" className="admin-page">
      <div className="admin-head">
        <div>
          <h1 className="admin-head__title">{t('admin.channels.title')}</h1>
          <p className="admin-head__lead">{t('admin.channels.lead')}</p>
        </div>
        <div className="admin-head__actions">
          {!creating && (
            <button type="button" className="button button--primary" onClick={() => setCreating(true)}>
              {t('admin.channels.new')}
            </button>
          )}
        </div>
      </div>
      {creating && <NewChannel onDone={() => setCreating(false)} />}
      {channels.isError && (
        <p role="alert" className="notice notice--error">
          {errorText(t, channels.error)}
        </p>
      )}
      <div className="channel-list">
        {channels.data?.items.map((channel) => (
          <ChannelCard key={channel.id} channel={channel} />
        ))}
        {channels.data?.items.length === 0 && <p className="admin-empty">{t('admin.channels.none')}</p>}
      </div>
    </main>
  );
}

function NewChannel({ onDone }: { onDone(): void }) {
  const { t } = useTranslation();
  const lines = useLines();
  const queryClient = useQueryClient();
  const ids = { kind: useId(), line: useId(), name: useId() };
  const [kind, setKind] = useState<ChannelKindName>('livechat');
  const [lineId, setLineId] = useState('');
  const [name, setName] = useState('');
  const [config, setConfig] = useState<Record<string, unknown>>({});
  const [configErrors, setConfigErrors] = useState<ErrorSchema | undefined>();
  const line = lineId || lines.lines[0]?.id || '';
  const create = useMutation({
    mutationFn: (cfg: Record<string, unknown>) =>
      adminApi.createChannel({ kind, lineId: line, name: name.trim(), config: cfg } as never),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ADMIN_KEYS.channels });
      onDone();
    },
    onError: (error) =>
      setConfigErrors(
        serverErrorSchema(error instanceof ApiError ? error.details : [], '/config').errorSchema,
      ),
  });
  const failure =
    create.error instanceof ApiError ? serverErrorSchema(create.error.details, '/config').unplaced : [];
  return (
    <section className="admin-card admin-create" aria-labelledby={`${ids.name}-title`}>
      <h2 id={`${ids.name}-title`} className="form-card__title">
        {t('admin.channels.new')}
      </h2>
      <div className="admin-create__grid">
        <div className="form-field">
          <label htmlFor={ids.kind} className="field__label">
            {t('admin.channels.kind')}
          </label>
          <select
            id={ids.kind}
            className="select select--field"
            value={kind}
            onChange={(e) => {
              setKind(e.target.value as ChannelKindName);
              setConfig({});
              setConfigErrors(undefined);
            }}
          >
            {CHANNEL_KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`admin.channels.kinds.${k}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="form-field">
          <label htmlFor={ids.line} className="field__label">
            {t('admin.channels.line')}
          </label>
          <select
            id={ids.line}
            className="select select--field"
            value={line}
            onChange={(e) => setLineId(e.target.value)}
          >
            {lines.lines.map((l) => (
              <option key={l.id} value={l.id}>
                {l.name}
              </option>
            ))}
          </select>
        </div>
        <div className="form-field">
          <label htmlFor={ids.name} className="field__label">
            {t('admin.channels.name')}
          </label>
          <input
            id={ids.name}
            className="field__input"
            value={name}
            onChange={(e) => setName(e.target.value)}
          />
        </div>
      </div>
      <SchemaForm<Record<string, unknown>>
        key={kind}
        name={channelConfigFormName(kind)}
        formData={config}
        uiSchema={channelConfigUi(t, kind)}
        extraErrors={configErrors}
        onChange={(data) => {
          setConfig(data);
          setConfigErrors(undefined);
        }}
        onSubmit={(data) => create.mutate(data)}
        disabled={create.isPending}
      >
        <div className="admin-inline-form__actions">
          <button type="submit" className="button button--primary" disabled={create.isPending}>
            {t('admin.channels.create')}
          </button>
          <button type="button" className="button button--ghost" onClick={onDone}>
            {t('admin.cancel')}
          </button>
        </div>
      </SchemaForm>
      {create.isError && (
        <div role="alert" className="notice notice--error">
          {t('admin.channels.createFailed', { reason: errorText(t, create.error) })}
          {failure.length > 0 && (
            <ul>
              {failure.map((m, i) => (
                <li key={i}>{m}</li>
              ))}
            </ul>
          )}
        </div>
      )}
    </section>
  );
}

function channelConfigUi(t: ReturnType<typeof useTranslation>['t'], kind: ChannelKindName) {
  const label = (key: string) => t(`admin.channels.config.${key}`);
  if (kind === 'telegram') return { botToken: { 'ui:title': label('botToken') } };
  if (kind === 'webhook') return { outboundUrl: { 'ui:title': label('outboundUrl') } };
  return {
    allowedOrigins: {
      'ui:title': label('allowedOrigins'),
      items: { 'ui:title': label('origin'), 'ui:placeholder': 'https://shop.example.com' },
    },
    preChatForm: {
      'ui:title': label('preChatForm'),
      'ui:enableOptionalDataFieldForType': ['object'],
      enabled: { 'ui:title': label('preChatEnabled') },
      requireEmail: { 'ui:title': label('requireEmail') },
    },
  };
}

function ChannelCard({ channel }: { channel: Channel }) {
  const { t } = useTranslation();
  const lines = useLines();
  const queryClient = useQueryClient();
  const titleId = useId();
  const [revealed, setRevealed] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const origin = window.location.origin;
  const update = (saved: Channel) =>
    queryClient.setQueryData<{ items: Channel[] }>(
      ADMIN_KEYS.channels,
      (old) => old && { items: old.items.map((c) => (c.id === saved.id ? saved : c)) },
    );
  const toggle = useMutation({
    mutationFn: () => adminApi.updateChannel(channel.id, { active: !channel.active }),
    onSuccess: update,
  });
  const rotate = useMutation({
    mutationFn: () => adminApi.rotateSecret(channel.id),
    onSuccess: (saved) => {
      update(saved);
      setConfirming(false);
      setRevealed(true);
    },
  });
  const lineName = lines.byId.get(channel.lineId)?.name ?? channel.lineId;
  const error = toggle.error ?? rotate.error;

  return (
    <section
      className={`admin-card channel-card${channel.active ? '' : ' is-off'}`}
      aria-labelledby={titleId}
    >
      <header className="channel-card__head">
        <span className={`kind-badge kind-badge--${channel.kind}`} aria-hidden="true">
          {channel.kind === 'telegram' ? 'TG' : channel.kind === 'livechat' ? <ChatIcon /> : '{ }'}
        </span>
        <div className="channel-card__title">
          <h2 id={titleId}>{channel.name}</h2>
          <span className="channel-card__meta">
            {t(`admin.channels.kinds.${channel.kind}`)} · {t('admin.channels.onLine', { line: lineName })} ·{' '}
            <code>{channel.id}</code>
          </span>
        </div>
        <label className="switch">
          <input
            type="checkbox"
            role="switch"
            checked={channel.active}
            disabled={toggle.isPending}
            onChange={() => toggle.mutate()}
          />
          <span className="switch__track" aria-hidden="true" />
          <span>{channel.active ? t('admin.channels.enabled') : t('admin.channels.disabled')}</span>
        </label>
      </header>

      <dl className="channel-card__facts">
        <div>
          <dt>{t('admin.channels.secret')}</dt>
          <dd className="secret-row">
            <code className="secret" aria-label={t('admin.channels.secret')}>
              {revealed ? channel.secret : MASK}
            </code>
            <button
              type="button"
              className="button button--small button--ghost"
              aria-pressed={revealed}
              onClick={() => setRevealed((r) => !r)}
            >
              {revealed ? t('admin.channels.hideSecret') : t('admin.channels.showSecret')}
            </button>
            <CopyButton text={channel.secret} label={t('admin.channels.copySecret')} />
            <button
              type="button"
              className="button button--small button--ghost"
              onClick={() => setConfirming(true)}
            >
              {t('admin.channels.rotate')}
            </button>
          </dd>
        </div>
        {channel.kind === 'telegram' && channel.config.botToken && (
          <div>
            <dt>{t('admin.channels.config.botToken')}</dt>
            <dd>
              <code>{channel.config.botToken}</code>
            </dd>
          </div>
        )}
        {channel.kind === 'webhook' && (
          <div>
            <dt>{t('admin.channels.config.outboundUrl')}</dt>
            <dd>{channel.config.outboundUrl ?? t('admin.channels.noOutbound')}</dd>
          </div>
        )}
        {channel.kind === 'livechat' && (
          <div>
            <dt>{t('admin.channels.config.allowedOrigins')}</dt>
            <dd>{channel.config.allowedOrigins?.join(', ') || t('admin.channels.anyOrigin')}</dd>
          </div>
        )}
      </dl>

      {channel.kind === 'livechat' && (
        <Snippet
          label={t('admin.channels.widgetSnippet')}
          help={t('admin.channels.widgetHelp')}
          text={widgetSnippet(origin, channel.id)}
        />
      )}
      {channel.kind === 'telegram' && (
        <Snippet
          label={t('admin.channels.setWebhook')}
          help={t('admin.channels.setWebhookHelp')}
          text={telegramSetWebhook(origin, channel.id, channel.secret)}
          shown={telegramSetWebhook(origin, channel.id, revealed ? channel.secret : MASK)}
        />
      )}

      {error && (
        <p role="alert" className="notice notice--error">
          {errorText(t, error)}
        </p>
      )}
      {confirming && (
        <ConfirmDialog
          title={t('admin.channels.rotateTitle', { name: channel.name })}
          body={t('admin.channels.rotateBody')}
          confirm={t('admin.channels.rotateConfirm')}
          busy={rotate.isPending}
          onConfirm={() => rotate.mutate()}
          onCancel={() => setConfirming(false)}
        />
      )}
    </section>
  );
}

/** A read-only block of text to paste elsewhere, with a copy button. */
function Snippet({
  label,
  help,
  text,
  shown = text,
}: {
  label: string;
  help: string;
  text: string;
  shown?: string;
}) {
  const id = useId();
  return (
    <div className="snippet">
      <div className="snippet__head">
        <span id={id} className="field__label">
          {label}
        </span>
        <CopyButton text={text} label={label} />
      </div>
      <pre className="snippet__code" role="textbox" aria-readonly="true" aria-labelledby={id} tabIndex={0}>
        {shown}
      </pre>
      <p className="form-field__help">{help}</p>
    </div>
  );
}

/** Copies text to the clipboard (or, where the page may not, selects it to copy by hand). */
export function CopyButton({ text, label }: { text: string; label: string }) {
  const { t } = useTranslation();
  const [copied, setCopied] = useState<'copied' | 'failed' | null>(null);
  useEffect(() => {
    if (!copied) return;
    const timer = setTimeout(() => setCopied(null), 2500);
    return () => clearTimeout(timer);
  }, [copied]);
  return (
    <>
      <button
        type="button"
        className="button button--small button--soft"
        aria-label={t('admin.copyWhat', { what: label })}
        onClick={() =>
          navigator.clipboard.writeText(text).then(
            () => setCopied('copied'),
            () => setCopied('failed'),
          )
        }
      >
        {t('admin.copy')}
        {copied === 'copied' && <span aria-hidden="true"> ✓</span>}
      </button>
      <span role="status" className="visually-hidden">
        {copied === 'copied'
          ? t('admin.copiedWhat', { what: label })
          : copied === 'failed'
            ? t('admin.copyFailed')
            : ''}
      </span>
    </>
  );
}

/** A modal question before something that cannot be undone. */
export function ConfirmDialog({
  title,
  body,
  confirm,
  busy,
  onConfirm,
  onCancel,
}: {
  title: string;
  body: string;
  confirm: string;
  busy?: boolean;
  onConfirm(): void;
  onCancel(): void;
}) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal?.();
  }, []);
  return (
    <dialog ref={ref} className="confirm" aria-labelledby={titleId} onCancel={onCancel}>
      <h2 id={titleId} className="confirm__title">
        {title}
      </h2>
      <p>{body}</p>
      <div className="confirm__actions">
        <button type="button" className="button button--ghost" onClick={onCancel}>
          {t('admin.cancel')}
        </button>
        <button type="button" className="button button--danger" disabled={busy} onClick={onConfirm}>
          {confirm}
        </button>
      </div>
    </dialog>
  );
}

function ChatIcon() {
  return (
    <svg viewBox="0 0 24 24" width="18" height="18" focusable="false">
      <path
        fill="currentColor"
        d="M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2Zm3 6.5a1.5 1.5 0 1 0 0-.01Zm5 0a1.5 1.5 0 1 0 0-.01Zm5 0a1.5 1.5 0 1 0 0-.01Z"
      />
    </svg>
  );
}
