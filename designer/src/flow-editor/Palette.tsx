import { useMemo, useState, type DragEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ACTION, type CatalogIndex } from './flow-catalog';
import { PALETTE_MIME } from './FlowCanvas';
import { useFlowEditor } from './flow-store';

interface Entry {
  key: string;
  type: string;
  activity?: string;
  title: string;
  description: string;
  group: string;
}

/**
 * The palette: every node type of the catalog, and for the action node every activity (built-in and
 * custom) as its own entry, grouped and searchable. Drag an entry onto the canvas, or click it (Enter)
 * to add it after the selected node, connected when that node has a free output.
 */
export function Palette({ catalog }: { catalog: CatalogIndex }) {
  const { t } = useTranslation();
  const [query, setQuery] = useState('');
  const readOnly = useFlowEditor((s) => s.readOnly);
  const addNode = useFlowEditor((s) => s.addNode);

  const entries = useMemo<Entry[]>(() => {
    const list: Entry[] = [];
    for (const type of catalog.catalog.nodeTypes) {
      if (type.type === ACTION) {
        for (const a of catalog.catalog.activities)
          list.push({
            key: `action:${a.name}`,
            type: ACTION,
            activity: a.name,
            title: a.title,
            description: a.description,
            group: t('flowEditor.palette.actions', { category: a.category }),
          });
        continue;
      }
      list.push({
        key: type.type,
        type: type.type,
        title: t(`flowEditor.nodeTypes.${type.type}`, { defaultValue: type.title }),
        description: type.description,
        group: t(`flowEditor.categories.${type.category}`, { defaultValue: type.category }),
      });
    }
    return list;
  }, [catalog, t]);

  const groups = useMemo(() => {
    const words = query.trim().toLocaleLowerCase();
    const found = entries.filter(
      (e) =>
        !words || `${e.title} ${e.description} ${e.activity ?? e.type}`.toLocaleLowerCase().includes(words),
    );
    const byGroup = new Map<string, Entry[]>();
    for (const e of found) byGroup.set(e.group, [...(byGroup.get(e.group) ?? []), e]);
    return [...byGroup];
  }, [entries, query]);

  const add = (e: Entry) => {
    const selected = useFlowEditor.getState().nodes.filter((n) => n.selected);
    addNode({
      type: e.type,
      activity: e.activity,
      after: selected.length === 1 ? selected[0]!.id : undefined,
    });
  };
  const onDragStart = (event: DragEvent, e: Entry) => {
    event.dataTransfer.setData(PALETTE_MIME, JSON.stringify({ type: e.type, activity: e.activity }));
    event.dataTransfer.effectAllowed = 'copy';
  };

  return (
    <aside className="flow-palette" aria-label={t('flowEditor.palette.label')}>
      <input
        type="search"
        className="field__input flow-palette__search"
        placeholder={t('flowEditor.palette.search')}
        aria-label={t('flowEditor.palette.search')}
        value={query}
        onChange={(e) => setQuery(e.target.value)}
      />
      {groups.length === 0 && <p className="flow-muted">{t('flowEditor.palette.nothing')}</p>}
      {groups.map(([group, items]) => (
        <section key={group} className="flow-palette__group" aria-label={group}>
          <h3>{group}</h3>
          <ul>
            {items.map((e) => (
              <li key={e.key} className={`flow-palette__item flow-palette__item--${e.type}`}>
                <button
                  type="button"
                  className="flow-palette__button"
                  draggable={!readOnly}
                  disabled={readOnly}
                  onDragStart={(event) => onDragStart(event, e)}
                  onClick={() => add(e)}
                  aria-label={t('flowEditor.palette.add', { title: e.title })}
                  aria-describedby={`palette-${e.key.replace(/[^A-Za-z0-9_-]/g, '-')}`}
                >
                  {e.title}
                </button>
                <span id={`palette-${e.key.replace(/[^A-Za-z0-9_-]/g, '-')}`} className="flow-palette__desc">
                  {e.description}
                </span>
              </li>
            ))}
          </ul>
        </section>
      ))}
    </aside>
  );
}
