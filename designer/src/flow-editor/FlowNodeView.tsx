import { memo } from 'react';
import { Handle, Position, type NodeProps } from '@xyflow/react';
import { useTranslation } from 'react-i18next';
import { TRIGGER } from './flow-catalog';
import { nodeTitle, type FlowNode } from './flow-graph';
import { useFlowEditor } from './flow-store';
import { nodeSummary } from './node-summary';

/**
 * One node on the canvas: its title (from the catalog), its key params in one line, an output handle
 * per output (named), its problems and, when a trail is shown, the order in which it ran. Memoised and
 * reading the store by selectors that answer strings, so a change redraws only the nodes it concerns.
 */
function FlowNodeViewInner({ id, data, selected }: NodeProps<FlowNode>) {
  const { t } = useTranslation();
  const catalog = useFlowEditor((s) => s.catalog);
  const problems = useFlowEditor((s) => s.problemCounts[id]);
  const badge = useFlowEditor((s) => s.trailBadges[id]);
  const trailOn = useFlowEditor((s) => s.trail !== null);
  if (!catalog) return null;
  const type = catalog.nodeType(data.type);
  const handles = catalog.handles(data.type, data.params);
  const [errors, warnings] = (problems ?? '0:0').split(':').map(Number) as [number, number];
  const failed = badge?.includes('!') ?? false;
  const classes = [
    'flow-node',
    `flow-node--${type?.category ?? 'unknown'}`,
    selected ? 'is-selected' : '',
    errors ? 'has-errors' : warnings ? 'has-warnings' : '',
    data.diff ? `is-${data.diff}` : '',
    trailOn ? (badge ? (failed ? 'on-trail is-failed' : 'on-trail') : 'off-trail') : '',
  ]
    .filter(Boolean)
    .join(' ');
  const summary = nodeSummary(data, catalog, t);
  const typeTitle = t(`flowEditor.nodeTypes.${data.type}`, { defaultValue: type?.title ?? data.type });
  return (
    <div className={classes}>
      {data.type !== TRIGGER && <Handle type="target" position={Position.Left} className="flow-node__in" />}
      <div className="flow-node__head">
        <span className="flow-node__kind">{typeTitle}</span>
        {badge && (
          <span
            className="flow-node__steps"
            title={t('flowEditor.trail.steps', { steps: badge.replace(/!/g, '') })}
          >
            {badge.replace(/!/g, '')}
          </span>
        )}
        {data.diff && <span className="flow-node__diff">{t(`flowEditor.compare.${data.diff}`)}</span>}
      </div>
      <div className="flow-node__title">
        {data.label ?? (data.type === 'action' ? nodeTitle(catalog, data) : id)}
      </div>
      {(data.label || data.type === 'action') && <div className="flow-node__id">{id}</div>}
      {summary && (
        <div className="flow-node__summary" title={summary}>
          {summary}
        </div>
      )}
      {(errors > 0 || warnings > 0) && (
        <div className="flow-node__problems">
          {errors > 0 && (
            <span className="chip chip--error">{t('flowEditor.problems.errors', { count: errors })}</span>
          )}
          {warnings > 0 && (
            <span className="chip chip--warning">
              {t('flowEditor.problems.warnings', { count: warnings })}
            </span>
          )}
        </div>
      )}
      {handles.length > 0 && (
        <div className="flow-node__outputs">
          {handles.map((h) => (
            <div key={h} className="flow-node__output">
              <span>{h}</span>
              <Handle
                type="source"
                id={h}
                position={Position.Right}
                className="flow-node__out"
                title={t('flowEditor.canvas.output', { name: h })}
              />
            </div>
          ))}
        </div>
      )}
    </div>
  );
}

export const FlowNodeView = memo(FlowNodeViewInner);

/** At module scope, as xyflow asks: a new object on each render would redraw every node. */
export const NODE_TYPES = { flow: FlowNodeView };
