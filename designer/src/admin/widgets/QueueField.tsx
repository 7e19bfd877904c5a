import type { FieldProps } from '@rjsf/utils';
import { useId, useState } from 'react';
import type { AdminFormContext } from '../forms/SchemaForm';
import { initials } from '../people';

/**
 * The queue of a line (settings.queue.operators): who is offered its dialogs, in order. Reordered by
 * dragging a row or with its Move up / Move down buttons; operators of the line are added from a list.
 * Empty means every operator of the line by name, which the field says.
 */
export function QueueField({
  formData,
  onChange,
  fieldPathId,
  registry,
  disabled,
  readonly,
  errorSchema,
}: FieldProps<string[]>) {
  const { t, employees = [], lineId } = registry.formContext as AdminFormContext;
  const queue = formData ?? [];
  const byId = new Map(employees.map((e) => [e.id, e] as const));
  const candidates = employees.filter(
    (e) => !e.fired && e.role !== 'admin' && (!lineId || e.lines.includes(lineId)) && !queue.includes(e.id),
  );
  const [adding, setAdding] = useState('');
  const [dragged, setDragged] = useState<number | null>(null);
  const headingId = useId();
  const locked = disabled || readonly;
  const set = (next: string[]) => onChange(next, fieldPathId.path);
  const move = (from: number, to: number) => {
    if (to < 0 || to >= queue.length || from === to) return;
    const next = [...queue];
    const [item] = next.splice(from, 1);
    next.splice(to, 0, item!);
    set(next);
  };
  const nameOf = (id: string) => byId.get(id)?.name ?? id;
  // (errors of the whole list are the field template's; these are one member's)
  const itemErrors = (index: number) =>
    ((errorSchema as Record<number, { __errors?: string[] }> | undefined)?.[index]?.__errors ?? []).join(' ');
  const addId = adding || candidates[0]?.id || '';

  return (
    <div className="queue-field" role="group" aria-labelledby={headingId}>
      <div className="queue-field__head">
        <span id={headingId} className="field__label">
          {t('admin.queue.title')}
        </span>
        <span className="queue-field__count">{t('admin.queue.count', { count: queue.length })}</span>
      </div>
      {queue.length === 0 ? (
        <p className="queue-field__empty">{t('admin.queue.empty')}</p>
      ) : (
        <ol className="queue-list" aria-label={t('admin.queue.order')}>
          {queue.map((id, index) => {
            const person = byId.get(id);
            const name = nameOf(id);
            return (
              <li
                key={id}
                className={`queue-item${dragged === index ? ' is-dragged' : ''}`}
                draggable={!locked}
                onDragStart={(e) => {
                  setDragged(index);
                  e.dataTransfer.effectAllowed = 'move';
                  e.dataTransfer.setData('text/plain', String(index));
                }}
                onDragOver={(e) => {
                  if (dragged !== null) e.preventDefault();
                }}
                onDrop={(e) => {
                  e.preventDefault();
                  if (dragged !== null) move(dragged, index);
                  setDragged(null);
                }}
                onDragEnd={() => setDragged(null)}
              >
                <span className="queue-item__grip" aria-hidden="true">
                  ⋮⋮
                </span>
                <span className="queue-item__position" aria-hidden="true">
                  {index + 1}
                </span>
                <span className="avatar" aria-hidden="true">
                  {initials(name)}
                </span>
                <span className="queue-item__who">
                  <span className="queue-item__name">{name}</span>
                  <span className="queue-item__meta">
                    {person ? person.email : t('admin.queue.unknown')}
                    {person?.fired ? ` · ${t('admin.employees.firedBadge')}` : ''}
                  </span>
                  {itemErrors(index) && <span className="form-field__errors">{itemErrors(index)}</span>}
                </span>
                <span className="queue-item__actions">
                  <button
                    type="button"
                    className="button button--small button--ghost icon-button"
                    aria-label={t('admin.queue.moveUp', { name })}
                    title={t('admin.queue.moveUp', { name })}
                    disabled={locked || index === 0}
                    onClick={() => move(index, index - 1)}
                  >
                    ↑
                  </button>
                  <button
                    type="button"
                    className="button button--small button--ghost icon-button"
                    aria-label={t('admin.queue.moveDown', { name })}
                    title={t('admin.queue.moveDown', { name })}
                    disabled={locked || index === queue.length - 1}
                    onClick={() => move(index, index + 1)}
                  >
                    ↓
                  </button>
                  <button
                    type="button"
                    className="button button--small button--ghost icon-button"
                    aria-label={t('admin.queue.remove', { name })}
                    title={t('admin.queue.remove', { name })}
                    disabled={locked}
                    onClick={() => set(queue.filter((q) => q !== id))}
                  >
                    ✕
                  </button>
                </span>
              </li>
            );
          })}
        </ol>
      )}
      <div className="queue-field__add">
        {candidates.length > 0 ? (
          <>
            <select
              className="select select--field"
              aria-label={t('admin.queue.addWho')}
              value={addId}
              disabled={locked}
              onChange={(e) => setAdding(e.target.value)}
            >
              {candidates.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                </option>
              ))}
            </select>
            <button
              type="button"
              className="button button--small button--soft"
              disabled={locked || !addId}
              onClick={() => {
                set([...queue, addId]);
                setAdding('');
              }}
            >
              {t('admin.queue.add')}
            </button>
          </>
        ) : (
          <span className="queue-field__note">{t('admin.queue.everyoneIn')}</span>
        )}
      </div>
    </div>
  );
}
