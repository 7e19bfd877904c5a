import { useDismiss } from '../app/use-dismiss';
import { useId, useMemo, useRef, useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { errorText } from '../app/error-text';
import { dialogApi, type QuickReply } from './dialog-api';
import { quickRepliesKey } from './use-dialog';

export interface QuickRepliesProps {
  lineId: string;
  currentText: string;
  onInsert(text: string): void;
}

/** Search the quick replies of the dialog's line (own and shared), insert one, or save the typed text as one. */
export function QuickReplies({ lineId, currentText, onInsert }: QuickRepliesProps) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [search, setSearch] = useState('');
  const [saving, setSaving] = useState(false);
  const [title, setTitle] = useState('');
  const panelId = useId();
  const root = useRef<HTMLDivElement>(null);
  const searchBox = useRef<HTMLInputElement>(null);
  const queryClient = useQueryClient();
  const replies = useQuery({
    queryKey: quickRepliesKey(lineId),
    queryFn: () => dialogApi.quickReplies(lineId),
    enabled: open,
    staleTime: 60_000,
  });
  const save = useMutation({
    mutationFn: () => dialogApi.saveQuickReply({ title: title.trim(), text: currentText.trim(), lineId }),
    onSuccess: async () => {
      setSaving(false);
      setTitle('');
      await queryClient.invalidateQueries({ queryKey: quickRepliesKey(lineId) });
    },
  });

  useDismiss(
    open,
    root,
    () => setOpen(false),
    () => searchBox.current?.focus(),
  );

  const found = useMemo(() => filterReplies(replies.data?.items ?? [], search), [replies.data, search]);

  const choose = (reply: QuickReply) => {
    onInsert(reply.text);
    setOpen(false);
  };

  const submitSave = () => {
    if (title.trim() && currentText.trim() && !save.isPending) save.mutate();
  };

  return (
    <div className="quick-replies" ref={root}>
      <button
        type="button"
        className="button button--ghost button--small"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen((o) => !o)}
      >
        {t('dialog.quickReplies.button')}
      </button>
      {open && (
        <div
          className="quick-replies__panel"
          id={panelId}
          role="region"
          aria-label={t('dialog.quickReplies.title')}
        >
          <input
            ref={searchBox}
            type="search"
            className="field__input quick-replies__search"
            aria-label={t('dialog.quickReplies.search')}
            placeholder={t('dialog.quickReplies.search')}
            value={search}
            onChange={(e) => setSearch(e.target.value)}
            onKeyDown={(e) => {
              // Enter takes the first match
              if (e.key === 'Enter') {
                e.preventDefault();
                if (found[0]) choose(found[0]);
              }
            }}
          />
          {replies.isPending ? (
            <p className="quick-replies__empty">{t('app.loading')}</p>
          ) : replies.isError ? (
            <p className="quick-replies__empty" role="alert">
              {errorText(t, replies.error)}
            </p>
          ) : found.length === 0 ? (
            <p className="quick-replies__empty">
              {search ? t('dialog.quickReplies.noMatch') : t('dialog.quickReplies.empty')}
            </p>
          ) : (
            <ul className="quick-replies__list">
              {found.map((reply) => (
                <li key={reply.id}>
                  <button type="button" className="quick-replies__item" onClick={() => choose(reply)}>
                    <span className="quick-replies__title">
                      {reply.title}
                      <span className="quick-replies__group">
                        {reply.group}
                        {reply.shared ? ` · ${t('dialog.quickReplies.shared')}` : ''}
                      </span>
                    </span>
                    <span className="quick-replies__text">{reply.text}</span>
                  </button>
                </li>
              ))}
            </ul>
          )}
          <div className="quick-replies__save">
            {saving ? (
              <div className="quick-replies__save-form">
                <input
                  className="field__input"
                  aria-label={t('dialog.quickReplies.titleLabel')}
                  placeholder={t('dialog.quickReplies.titleLabel')}
                  value={title}
                  maxLength={200}
                  onChange={(e) => setTitle(e.target.value)}
                  onKeyDown={(e) => {
                    if (e.key === 'Enter') {
                      e.preventDefault();
                      submitSave();
                    }
                  }}
                  autoFocus
                />
                <button
                  type="button"
                  className="button button--primary button--small"
                  disabled={!title.trim() || save.isPending}
                  onClick={submitSave}
                >
                  {t('dialog.quickReplies.save')}
                </button>
                <button
                  type="button"
                  className="button button--ghost button--small"
                  onClick={() => setSaving(false)}
                >
                  {t('dialog.cancel')}
                </button>
              </div>
            ) : (
              <button
                type="button"
                className="button button--soft button--small"
                disabled={!currentText.trim()}
                title={currentText.trim() ? undefined : t('dialog.quickReplies.typeFirst')}
                onClick={() => {
                  setTitle(currentText.trim().split(/\s+/).slice(0, 5).join(' ').slice(0, 60));
                  setSaving(true);
                }}
              >
                {t('dialog.quickReplies.saveCurrent')}
              </button>
            )}
            {save.isError && (
              <p role="alert" className="refusal refusal--inline">
                {errorText(t, save.error)}
              </p>
            )}
            {save.isSuccess && !saving && (
              <p role="status" className="quick-replies__saved">
                {t('dialog.quickReplies.saved')}
              </p>
            )}
          </div>
        </div>
      )}
    </div>
  );
}

/** Replies whose title, group or text contain every word of the search, case- and accent-blind. */
export function filterReplies(replies: readonly QuickReply[], search: string): QuickReply[] {
  const fold = (s: string) => s.toLocaleLowerCase().normalize('NFD').replace(/\p{M}/gu, '');
  const words = fold(search).split(/\s+/).filter(Boolean);
  if (!words.length) return [...replies];
  return replies.filter((r) => {
    const haystack = fold(`${r.title} ${r.group} ${r.text}`);
    return words.every((w) => haystack.includes(w));
  });
}
