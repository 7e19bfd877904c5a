import { useEffect, useMemo, useState } from 'react';
import Form from '@rjsf/core';
import type { RegistryFieldsType, RegistryWidgetsType } from '@rjsf/utils';
import { customizeValidator } from '@rjsf/validator-ajv8';
import Ajv2020 from 'ajv/dist/2020';
import { useTranslation } from 'react-i18next';
import { initialParams, type CatalogIndex } from '../flow-catalog';
import { nodeTitle } from '../flow-graph';
import { useFlowEditor } from '../flow-store';
import { fieldErrors, fieldId, nodeForm } from './form-schema';
import { PredicateField } from './PredicateField';
import { DurationWidget, LineWidget, OperatorWidget, TagWidget } from './widgets';

// The catalog's schemas are draft 2020-12 with Lineflow's own keyword (lineflowDuration), which the
// validator (the server's module) checks; the form's ajv only needs to read them.
const validator = customizeValidator({
  AjvClass: Ajv2020,
  ajvOptionsOverrides: { strict: false, allowUnionTypes: true },
});
const fields: RegistryFieldsType = { predicate: PredicateField };
const widgets: RegistryWidgetsType = {
  duration: DurationWidget,
  operator: OperatorWidget,
  line: LineWidget,
  tag: TagWidget,
};

/**
 * The inspector: the selected node's id, label and params as a form generated from the catalog's
 * schemas (@rjsf/core), with the validator's problems at their fields. With nothing selected it edits
 * the flow's name.
 */
export function Inspector({ catalog }: { catalog: CatalogIndex }) {
  const { t } = useTranslation();
  const selected = useFlowEditor((s) => {
    const chosen = s.nodes.filter((n) => n.selected);
    return chosen.length === 1 ? chosen[0]!.id : chosen.length > 1 ? `*${chosen.length}` : null;
  });
  if (selected === null) return <FlowSettings />;
  if (selected.startsWith('*'))
    return (
      <p className="flow-muted">{t('flowEditor.inspector.many', { count: Number(selected.slice(1)) })}</p>
    );
  return <NodeInspector key={selected} nodeId={selected} catalog={catalog} />;
}

function FlowSettings() {
  const { t } = useTranslation();
  const meta = useFlowEditor((s) => s.meta);
  const readOnly = useFlowEditor((s) => s.readOnly);
  const updateMeta = useFlowEditor((s) => s.updateMeta);
  return (
    <div className="flow-inspector__flow">
      <p className="flow-muted">{t('flowEditor.inspector.nothing')}</p>
      <label className="field">
        <span className="field__label">{t('flowEditor.inspector.flowName')}</span>
        <input
          className="field__input"
          value={meta.name}
          readOnly={readOnly}
          onChange={(e) => updateMeta({ name: e.target.value })}
        />
      </label>
      <label className="field">
        <span className="field__label">{t('flowEditor.inspector.flowDescription')}</span>
        <textarea
          className="field__input flow-textarea"
          value={meta.description ?? ''}
          readOnly={readOnly}
          onChange={(e) => updateMeta({ description: e.target.value || undefined })}
        />
      </label>
    </div>
  );
}

function NodeInspector({ nodeId, catalog }: { nodeId: string; catalog: CatalogIndex }) {
  const { t } = useTranslation();
  const node = useFlowEditor((s) => s.nodes.find((n) => n.id === nodeId));
  const readOnly = useFlowEditor((s) => s.readOnly);
  const review = useFlowEditor((s) => s.review);
  const focus = useFlowEditor((s) => s.focus);
  const updateParams = useFlowEditor((s) => s.updateParams);
  const updateLabel = useFlowEditor((s) => s.updateLabel);
  const renameNode = useFlowEditor((s) => s.renameNode);
  const [idText, setIdText] = useState(nodeId);
  const [idError, setIdError] = useState<string | null>(null);
  const type = node ? catalog.nodeType(node.data.type) : undefined;
  const activity = node?.data.params.activity;
  const form = useMemo(
    () =>
      node
        ? nodeForm(catalog, node.data.type, node.data.params, {
            activity: t('flowEditor.inspector.activity'),
            input: t('flowEditor.inspector.input'),
          })
        : null,
    // the form's shape changes with the node's type and activity only, not with every keystroke
    [catalog, node?.data.type, activity, t],
  );
  const problems = useMemo(
    () =>
      [...review.errors, ...review.warnings.map((w) => ({ ...w, warning: true }))].filter(
        (p) => p.nodeId === nodeId,
      ),
    [review, nodeId],
  );
  const extraErrors = useMemo(
    () => fieldErrors(review.errors.filter((p) => p.nodeId === nodeId)),
    [review, nodeId],
  );

  // the problems panel asks for a field: focus it once the form is drawn
  useEffect(() => {
    if (!focus || focus.nodeId !== nodeId) return;
    const id = fieldId(focus.pointer);
    const timer = setTimeout(() => {
      const parts = id.split('_');
      for (let n = parts.length; n > 0; n--) {
        const el = document.getElementById(parts.slice(0, n).join('_'));
        if (el && 'focus' in el && n > 1) {
          (el as HTMLElement).focus();
          return;
        }
      }
      document.getElementById('flow-node-id')?.focus();
    }, 50);
    return () => clearTimeout(timer);
  }, [focus, nodeId]);

  if (!node || !form) return null;
  const commitId = () => {
    const problem = renameNode(nodeId, idText.trim());
    setIdError(problem ? t(`flowEditor.inspector.idProblem.${problem}`) : null);
  };

  return (
    <div className="flow-inspector__node">
      <header className="flow-inspector__head">
        <h2>{nodeTitle(catalog, node.data)}</h2>
        <p className="flow-muted">
          {node.data.type === 'action'
            ? (catalog.activity(String(activity))?.description ?? type?.description)
            : type?.description}
        </p>
      </header>
      <label className="field">
        <span className="field__label">{t('flowEditor.inspector.nodeId')}</span>
        <input
          id="flow-node-id"
          className="field__input"
          value={idText}
          readOnly={readOnly}
          aria-invalid={idError ? true : undefined}
          aria-describedby={idError ? 'flow-node-id-error' : undefined}
          onChange={(e) => setIdText(e.target.value)}
          onBlur={commitId}
          onKeyDown={(e) => e.key === 'Enter' && commitId()}
        />
        {idError && (
          <span id="flow-node-id-error" className="field-error" role="alert">
            {idError}
          </span>
        )}
      </label>
      <label className="field">
        <span className="field__label">{t('flowEditor.inspector.label')}</span>
        <input
          className="field__input"
          value={node.data.label ?? ''}
          readOnly={readOnly}
          placeholder={nodeTitle(catalog, node.data)}
          onChange={(e) => updateLabel(nodeId, e.target.value || undefined)}
        />
      </label>
      <div className="flow-form">
        <Form
          schema={form.schema}
          uiSchema={{ ...form.uiSchema, 'ui:submitButtonOptions': { norender: true } }}
          formData={node.data.params}
          validator={validator}
          fields={fields}
          widgets={widgets}
          extraErrors={extraErrors}
          showErrorList={false}
          noHtml5Validate
          readonly={readOnly}
          onChange={({ formData }) => {
            const next = (formData ?? {}) as Record<string, unknown>;
            if (
              node.data.type === 'action' &&
              next.activity !== activity &&
              typeof next.activity === 'string'
            ) {
              updateParams(nodeId, {
                ...initialParams(catalog, 'action', next.activity),
                ...(next.resultVariable ? { resultVariable: next.resultVariable } : {}),
              });
            } else updateParams(nodeId, next);
          }}
        />
      </div>
      {problems.length > 0 && (
        <section className="flow-inspector__problems" aria-label={t('flowEditor.problems.ofNode')}>
          <h3>{t('flowEditor.problems.ofNode')}</h3>
          <ul>
            {problems.map((p, i) => (
              <li key={i} className={'warning' in p ? 'is-warning' : 'is-error'}>
                <code>{p.pointer.replace(/^\/nodes\/\d+/, '') || '/'}</code> {p.message}
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}
