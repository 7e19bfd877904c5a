import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { ReactFlowProvider } from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router';
import { ApiError } from '../api';
import { useLines } from '../app/use-lines';
import { useMe } from '../app/use-me';
import { FlowCanvas } from './FlowCanvas';
import { indexCatalog, type CatalogIndex } from './flow-catalog';
import { emptyFlow, flowApi } from './flow-api';
import { diffGraph } from './flow-graph';
import { useFlowEditor } from './flow-store';
import { Inspector } from './inspector/Inspector';
import { Palette } from './Palette';
import { ProblemsPanel } from './ProblemsPanel';
import { PublishDialog } from './PublishDialog';
import { TryItPanel } from './simulate/TryItPanel';
import { Toolbar } from './Toolbar';
import { trailFromTimeline, withWaitingSteps } from './trail';
import { useAutosave, type SaveStatus } from './use-autosave';
import { useShortcuts } from './use-shortcuts';
import { versionsKey, VersionsPanel } from './VersionsPanel';
import './flow-editor.css';

type Tab = 'inspector' | 'versions' | 'tryIt';
type LoadState = { kind: 'loading' } | { kind: 'ready' } | { kind: 'error'; message: string };

/**
 * The flow designer of one line (/lines/:lineId/flow): palette, canvas, inspector, problems; the draft
 * saves itself, publishing makes it the next version; versions open read-only, compare and restore.
 * `?dialog=<id>` opens the version a dialog ran with its path lit.
 */
export function FlowEditorPage() {
  const { t } = useTranslation();
  const { lineId = '' } = useParams();
  const [search] = useSearchParams();
  const dialogId = search.get('dialog');
  const catalogQuery = useQuery({ queryKey: ['catalog'], queryFn: flowApi.catalog, staleTime: Infinity });
  const catalog = useMemo(
    () => (catalogQuery.data ? indexCatalog(catalogQuery.data) : null),
    [catalogQuery.data],
  );
  const { byId } = useLines();
  const lineName = byId.get(lineId)?.name ?? lineId;
  const queryClient = useQueryClient();
  const autosave = useAutosave(lineId);
  const [load, setLoad] = useState<LoadState>({ kind: 'loading' });
  const [tab, setTab] = useState<Tab>('inspector');
  const [publishing, setPublishing] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const view = useFlowEditor((s) => s.view);
  const readOnly = useFlowEditor((s) => s.readOnly);
  const errors = useFlowEditor((s) => s.review.errors.length);
  const trailOn = useFlowEditor((s) => s.trail !== null);
  const setTrail = useFlowEditor((s) => s.setTrail);
  // supervisors come here only to see a dialog's path ("Show on flow"): drafts, versions and Try it are admins'
  const admin = useMe().data?.role === 'admin';
  useShortcuts();

  const run = useCallback(async (job: () => Promise<void>) => {
    try {
      await job();
      setLoad({ kind: 'ready' });
    } catch (error) {
      setLoad({ kind: 'error', message: (error as Error).message });
    }
  }, []);

  const openDraft = useCallback(
    (index: CatalogIndex) =>
      run(async () => {
        let draft;
        try {
          draft = await flowApi.draft(lineId);
        } catch (error) {
          if (!(error instanceof ApiError && error.status === 404)) throw error;
          // an API that does not fall back to the newest version itself: start from that version
          const newest = (await flowApi.versions(lineId)).items[0];
          const version = newest ? await flowApi.version(lineId, newest.version).catch(() => null) : null;
          draft = {
            document: version?.document ?? emptyFlow(lineName),
            basedOnVersion: newest?.version ?? null,
          };
        }
        useFlowEditor.getState().setTrail(null);
        useFlowEditor.getState().load({
          flow: draft.document,
          catalog: index,
          readOnly: false,
          view: { kind: 'draft' },
          revision: draft.revision,
          basedOnVersion: draft.basedOnVersion ?? null,
        });
        autosave.reset();
      }),
    [autosave, lineId, lineName, run],
  );

  const leaveDraft = useCallback(async () => {
    if (useFlowEditor.getState().view.kind === 'draft') await autosave.flush().catch(() => undefined);
  }, [autosave]);

  const openVersion = useCallback(
    (version: number) =>
      catalog &&
      run(async () => {
        await leaveDraft();
        const found = await flowApi.version(lineId, version);
        useFlowEditor
          .getState()
          .load({ flow: found.document, catalog, readOnly: true, view: { kind: 'version', version } });
        autosave.reset();
      }),
    [autosave, catalog, leaveDraft, lineId, run],
  );

  const compare = useCallback(
    (from: number, to: number) =>
      catalog &&
      run(async () => {
        await leaveDraft();
        const [a, b] = await Promise.all([flowApi.version(lineId, from), flowApi.version(lineId, to)]);
        const graph = diffGraph(a.document, b.document, catalog);
        useFlowEditor.getState().load({
          flow: b.document,
          catalog,
          readOnly: true,
          view: { kind: 'compare', from, to, diff: graph.diff },
          graph,
        });
        autosave.reset();
      }),
    [autosave, catalog, leaveDraft, lineId, run],
  );

  const restore = useCallback(
    async (version: number) => {
      if (!catalog) return;
      await leaveDraft();
      await flowApi.restore(lineId, version);
      setNotice(t('flowEditor.versions.restored', { version }));
      await openDraft(catalog);
    },
    [catalog, leaveDraft, lineId, openDraft, t],
  );

  // what to open: the dialog's pinned version with its path, or the line's draft
  const opened = useRef<string | null>(null);
  useEffect(() => {
    if (!catalog) return;
    const key = `${lineId}|${dialogId ?? ''}`;
    if (opened.current === key) return;
    opened.current = key;
    setLoad({ kind: 'loading' });
    if (!dialogId) void openDraft(catalog);
    else
      void run(async () => {
        const dialog = await flowApi.dialog(dialogId);
        const version = dialog.flowVersion;
        if (version === null || version === undefined) throw new Error(t('flowEditor.dialogWithoutFlow'));
        const found = await flowApi.version(dialog.lineId, version);
        useFlowEditor.getState().load({
          flow: found.document,
          catalog,
          readOnly: true,
          view: { kind: 'dialog', dialogId, version },
        });
        useFlowEditor
          .getState()
          .setTrail(withWaitingSteps(trailFromTimeline(dialog.timeline), found.document));
        autosave.reset();
      });
  }, [autosave, catalog, dialogId, lineId, openDraft, run, t]);

  const published = async (version: number) => {
    setPublishing(false);
    setNotice(t('flowEditor.publish.done', { version }));
    await queryClient.invalidateQueries({ queryKey: versionsKey(lineId) });
  };

  if (catalogQuery.isError)
    return (
      <p className="page-message" role="alert">
        {(catalogQuery.error as Error).message}
      </p>
    );

  return (
    <ReactFlowProvider>
      <main id="main" className="flow-page">
        <header className="flow-page__header">
          <div className="flow-page__title">
            <h1>{t('flowEditor.title', { line: lineName })}</h1>
            {view.kind === 'draft' ? (
              <SaveIndicator status={autosave.status} />
            ) : (
              <span className="chip chip--readonly">
                {view.kind === 'compare'
                  ? t('flowEditor.readOnly.compare', view)
                  : view.kind === 'dialog'
                    ? t('flowEditor.readOnly.dialog', { version: view.version })
                    : t('flowEditor.readOnly.version', { version: view.version })}
              </span>
            )}
          </div>
          <div className="flow-page__actions">
            {admin && view.kind !== 'draft' && catalog && (
              <Link
                className="button button--small"
                to={`/lines/${encodeURIComponent(lineId)}/flow`}
                onClick={() => {
                  if (!dialogId) void openDraft(catalog);
                }}
              >
                {t('flowEditor.backToDraft')}
              </Link>
            )}
            {admin && (
              <button
                type="button"
                className={`button button--small${tab === 'versions' ? ' button--soft' : ''}`}
                aria-pressed={tab === 'versions'}
                onClick={() => setTab(tab === 'versions' ? 'inspector' : 'versions')}
              >
                {t('flowEditor.versions.button')}
              </button>
            )}
            {admin && (
              <span
                className="flow-publish"
                title={errors ? t('flowEditor.publish.blocked', { count: errors }) : undefined}
              >
                <button
                  type="button"
                  className="button button--primary button--small"
                  disabled={readOnly || view.kind !== 'draft' || errors > 0 || load.kind !== 'ready'}
                  aria-describedby={errors ? 'flow-publish-blocked' : undefined}
                  onClick={() => setPublishing(true)}
                >
                  {t('flowEditor.publish.button')}
                </button>
                {errors > 0 && (
                  <span id="flow-publish-blocked" className="visually-hidden">
                    {t('flowEditor.publish.blocked', { count: errors })}
                  </span>
                )}
              </span>
            )}
          </div>
        </header>
        {autosave.status.kind === 'stale' && catalog && (
          <div className="flow-banner flow-banner--danger" role="alert">
            <span>{t('flowEditor.stale.text', { reason: autosave.status.reason })}</span>
            <button type="button" className="button button--small" onClick={() => void openDraft(catalog)}>
              {t('flowEditor.stale.reload')}
            </button>
          </div>
        )}
        {notice && (
          <div className="flow-banner flow-banner--ok" role="status">
            <span>{notice}</span>
            <button
              type="button"
              className="button button--ghost button--small"
              onClick={() => setNotice(null)}
            >
              {t('flowEditor.dismiss')}
            </button>
          </div>
        )}
        {trailOn && (
          <div className="flow-banner" role="status">
            <span>{t('flowEditor.trail.shown')}</span>
            <button
              type="button"
              className="button button--ghost button--small"
              onClick={() => setTrail(null)}
            >
              {t('flowEditor.trail.clear')}
            </button>
          </div>
        )}
        <Toolbar />
        {load.kind === 'error' && (
          <p className="flow-banner flow-banner--danger" role="alert">
            {load.message}
          </p>
        )}
        <div className="flow-page__body">
          {catalog && <Palette catalog={catalog} />}
          {catalog && load.kind !== 'loading' ? (
            <FlowCanvas />
          ) : (
            <p className="page-message">{t('app.loading')}</p>
          )}
          <aside className="flow-side" aria-label={t('flowEditor.side.label')}>
            <div role="tablist" className="flow-side__tabs" aria-label={t('flowEditor.side.label')}>
              {(admin ? (['inspector', 'versions', 'tryIt'] as const) : (['inspector'] as const)).map(
                (name) => (
                  <button
                    key={name}
                    type="button"
                    role="tab"
                    id={`flow-tab-${name}`}
                    aria-selected={tab === name}
                    aria-controls={`flow-panel-${name}`}
                    className="flow-side__tab"
                    onClick={() => setTab(name)}
                  >
                    {t(`flowEditor.side.${name}`)}
                  </button>
                ),
              )}
            </div>
            <div
              role="tabpanel"
              id={`flow-panel-${tab}`}
              aria-labelledby={`flow-tab-${tab}`}
              className="flow-side__panel"
            >
              {tab === 'inspector' && catalog && <Inspector catalog={catalog} />}
              {tab === 'versions' && (
                <VersionsPanel
                  lineId={lineId}
                  onOpen={(v) => void openVersion(v)}
                  onCompare={(a, b) => void compare(a, b)}
                  onRestore={restore}
                />
              )}
              {tab === 'tryIt' && <TryItTab lineId={lineId} />}
            </div>
          </aside>
        </div>
        <ProblemsPanel />
        {publishing && (
          <PublishDialog
            lineId={lineId}
            flush={autosave.flush}
            onClose={() => setPublishing(false)}
            onPublished={(v) => void published(v)}
          />
        )}
      </main>
    </ReactFlowProvider>
  );
}

function SaveIndicator({ status }: { status: SaveStatus }) {
  const { t } = useTranslation();
  if (status.kind === 'idle') return <span className="flow-save">{t('flowEditor.save.draft')}</span>;
  return (
    <span className={`flow-save flow-save--${status.kind}`} role="status" aria-live="polite">
      {status.kind === 'failed'
        ? t('flowEditor.save.failed', { reason: status.reason })
        : status.kind === 'stale'
          ? t('flowEditor.save.stale')
          : t(`flowEditor.save.${status.kind}`)}
    </span>
  );
}

/** "Try it" on the flow as drawn now: the run lights its path on the canvas, a row selects its node. */
function TryItTab({ lineId }: { lineId: string }) {
  const nodes = useFlowEditor((s) => s.nodes);
  const edges = useFlowEditor((s) => s.edges);
  const meta = useFlowEditor((s) => s.meta);
  const setTrail = useFlowEditor((s) => s.setTrail);
  const select = useFlowEditor((s) => s.select);
  // the document is made of exactly these: a new one when any of them changes
  const flow = useMemo(() => useFlowEditor.getState().document(), [nodes, edges, meta]);
  if (!flow) return null;
  return <TryItPanel lineId={lineId} flow={flow} onTrail={setTrail} onSelectNode={(id) => select([id])} />;
}
