import { useRef, useState } from 'react';
import { useReactFlow } from '@xyflow/react';
import { useTranslation } from 'react-i18next';
import { toDetails, validatorFor } from '../../../schemas/ajv';
import type { Flow } from '../../../schemas/generated/flow';
import { useFlowEditor } from './flow-store';
import { tidyPositions } from './tidy-up';
import { storedClipboard } from './use-shortcuts';

/** The editing toolbar: every action with its name and shortcut, the same the keyboard reaches. */
export function Toolbar() {
  const { t } = useTranslation();
  const flow = useReactFlow();
  const readOnly = useFlowEditor((s) => s.readOnly);
  const canUndo = useFlowEditor((s) => s.past.length > 0);
  const canRedo = useFlowEditor((s) => s.future.length > 0);
  const hasSelection = useFlowEditor(
    (s) => s.nodes.some((n) => n.selected) || s.edges.some((e) => e.selected),
  );
  const store = useFlowEditor.getState;
  const file = useRef<HTMLInputElement>(null);
  const [importError, setImportError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const tidy = async () => {
    setBusy(true);
    try {
      const { nodes, edges } = store();
      store().applyPositions(await tidyPositions(nodes, edges));
      requestAnimationFrame(() => void flow.fitView({ padding: 0.15, duration: 300 }));
    } finally {
      setBusy(false);
    }
  };

  const exportJson = () => {
    const document = store().document();
    if (!document) return;
    const blob = new Blob([`${JSON.stringify(document, null, 2)}\n`], { type: 'application/json' });
    const a = Object.assign(window.document.createElement('a'), {
      href: URL.createObjectURL(blob),
      download: `${document.name.replace(/[^\p{L}\p{N}_-]+/gu, '-').replace(/^-|-$/g, '') || 'flow'}.json`,
    });
    a.click();
    setTimeout(() => URL.revokeObjectURL(a.href), 1000);
  };

  const importJson = async (picked: File | undefined) => {
    if (!picked) return;
    setImportError(null);
    let value: unknown;
    try {
      value = JSON.parse(await picked.text());
    } catch (error) {
      setImportError(t('flowEditor.toolbar.importNotJson', { reason: (error as Error).message }));
      return;
    }
    const isFlow = validatorFor<Flow>('flow');
    if (!isFlow(value)) {
      const problems = toDetails(isFlow.errors)
        .slice(0, 3)
        .map((d) => `${d.pointer} ${d.message}`);
      setImportError(t('flowEditor.toolbar.importNotFlow', { problems: problems.join('; ') }));
      return;
    }
    store().replaceDocument(value);
    requestAnimationFrame(() => void flow.fitView({ padding: 0.15 }));
  };

  const button = (name: string, onClick: () => void, { disabled = false, shortcut = '' } = {}) => {
    const label = t(`flowEditor.toolbar.${name}`);
    return (
      <button
        type="button"
        className="button button--ghost button--small"
        onClick={onClick}
        disabled={disabled}
        aria-label={label}
        aria-keyshortcuts={shortcut ? shortcut.replace(/\+/g, '+') : undefined}
        title={shortcut ? `${label} (${shortcut})` : label}
      >
        {label}
      </button>
    );
  };

  return (
    <div className="flow-toolbar" role="toolbar" aria-label={t('flowEditor.toolbar.label')}>
      {button('undo', () => store().undo(), { disabled: readOnly || !canUndo, shortcut: 'Control+Z' })}
      {button('redo', () => store().redo(), { disabled: readOnly || !canRedo, shortcut: 'Control+Shift+Z' })}
      <span className="flow-toolbar__sep" aria-hidden="true" />
      {button('copy', () => void store().copy(), { disabled: !hasSelection, shortcut: 'Control+C' })}
      {button('paste', () => store().paste(storedClipboard()), { disabled: readOnly, shortcut: 'Control+V' })}
      {button('duplicate', () => store().duplicate(), {
        disabled: readOnly || !hasSelection,
        shortcut: 'Control+D',
      })}
      {button('delete', () => store().deleteSelection(), {
        disabled: readOnly || !hasSelection,
        shortcut: 'Delete',
      })}
      <span className="flow-toolbar__sep" aria-hidden="true" />
      {button('tidy', () => void tidy(), { disabled: readOnly || busy })}
      {button('import', () => file.current?.click(), { disabled: readOnly })}
      {button('export', exportJson)}
      <input
        ref={file}
        type="file"
        accept="application/json,.json"
        hidden
        aria-label={t('flowEditor.toolbar.importFile')}
        onChange={(e) => {
          void importJson(e.target.files?.[0]);
          e.target.value = '';
        }}
      />
      {importError && (
        <p className="flow-toolbar__error" role="alert">
          {importError}{' '}
          <button
            type="button"
            className="button button--ghost button--small"
            onClick={() => setImportError(null)}
          >
            {t('flowEditor.dismiss')}
          </button>
        </p>
      )}
    </div>
  );
}
