import { useState } from 'react';
import { useReactFlow } from '@xyflow/react';
import { useTranslation } from 'react-i18next';
import { useFlowEditor } from './flow-store';

/**
 * The problems of the flow as the validator (the server's own module) sees them on every change:
 * errors stop publishing, warnings do not. A problem of a node selects it, centers it and focuses its
 * field in the inspector.
 */
export function ProblemsPanel() {
  const { t } = useTranslation();
  const review = useFlowEditor((s) => s.review);
  const requestFocus = useFlowEditor((s) => s.requestFocus);
  const flow = useReactFlow();
  const [open, setOpen] = useState(true);
  const items = [
    ...review.errors.map((p) => ({ ...p, level: 'error' as const })),
    ...review.warnings.map((p) => ({ ...p, level: 'warning' as const })),
  ];

  const show = (nodeId: string, pointer: string) => {
    requestFocus(nodeId, pointer);
    const node = flow.getInternalNode(nodeId);
    if (node) {
      const w = node.measured.width ?? 220;
      const h = node.measured.height ?? 100;
      void flow.setCenter(
        node.internals.positionAbsolute.x + w / 2,
        node.internals.positionAbsolute.y + h / 2,
        {
          zoom: Math.max(flow.getZoom(), 0.9),
          duration: 300,
        },
      );
    }
  };

  return (
    <section className={`flow-problems${open ? ' is-open' : ''}`} aria-label={t('flowEditor.problems.label')}>
      <h2 className="flow-problems__head">
        <button
          type="button"
          className="flow-problems__toggle"
          aria-expanded={open}
          onClick={() => setOpen(!open)}
        >
          <span aria-hidden="true">{open ? '▾' : '▸'}</span> {t('flowEditor.problems.label')}
          <span className={`chip ${review.errors.length ? 'chip--error' : 'chip--ok'}`}>
            {t('flowEditor.problems.errors', { count: review.errors.length })}
          </span>
          <span className={`chip ${review.warnings.length ? 'chip--warning' : 'chip--ok'}`}>
            {t('flowEditor.problems.warnings', { count: review.warnings.length })}
          </span>
        </button>
      </h2>
      {open && (
        <div className="flow-problems__body">
          {items.length === 0 ? (
            <p className="flow-muted">{t('flowEditor.problems.none')}</p>
          ) : (
            <ul>
              {items.map((p, i) => (
                <li key={`${p.pointer}-${i}`} className={`flow-problem flow-problem--${p.level}`}>
                  <span className="flow-problem__level">{t(`flowEditor.problems.${p.level}`)}</span>
                  {p.nodeId ? (
                    <button
                      type="button"
                      className="flow-problem__node"
                      onClick={() => show(p.nodeId!, p.pointer)}
                    >
                      {p.nodeId}
                    </button>
                  ) : (
                    <code>{p.pointer}</code>
                  )}
                  <span className="flow-problem__message">{p.message}</span>
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </section>
  );
}
