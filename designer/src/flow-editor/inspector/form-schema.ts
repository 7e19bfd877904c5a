import type { ErrorSchema, UiSchema } from '@rjsf/utils';
import type { FlowProblem } from '../../../../workflows/engine/validate-flow';
import { isPredicateRef, type CatalogIndex, type JsonSchema } from '../flow-catalog';

/**
 * The inspector's form from the catalog's schemas: the node type's params schema (for an action, the
 * chosen activity's input schema in place of `input`), with the uiSchema that picks the few custom
 * widgets by what the schema says (a duration range, a predicate) or by the param's name (operatorId,
 * lineId, tag). rjsf cannot follow the schemas' external `$ref`s, so predicates become a custom field.
 */
export interface NodeForm {
  schema: JsonSchema;
  uiSchema: UiSchema;
}

const PICKERS: Record<string, string> = { operatorId: 'operator', lineId: 'line', tag: 'tag' };

function prepare(schema: JsonSchema, ui: UiSchema, name?: string): JsonSchema {
  if (isPredicateRef(schema)) {
    ui['ui:field'] = 'predicate';
    return { type: 'object', ...(name ? { title: words(name) } : {}) };
  }
  const { $schema: _s, $id: _i, ...rest } = schema;
  const out: JsonSchema = { ...rest };
  // the root's title and description are the inspector's heading; a param without a title reads as words
  if (name === undefined) {
    delete out.title;
    delete out.description;
  } else if (!rest.title && name) out.title = words(name);
  if (rest.lineflowDuration) ui['ui:widget'] = 'duration';
  if (name && PICKERS[name] && rest.type === 'string') ui['ui:widget'] = PICKERS[name];
  // "exactly one of these is set" (a transfer's target): the validator says so; a form shows both
  if (
    Array.isArray(rest.oneOf) &&
    rest.oneOf.every((b) => Object.keys(b as object).every((k) => k === 'required'))
  )
    delete out.oneOf;
  // a trigger's `after` is for client.inactive only: rjsf follows if/then but not `false` schemas
  if (rest.else) delete out.else;
  if (rest.properties) {
    const props: Record<string, JsonSchema> = {};
    for (const [key, sub] of Object.entries(rest.properties as Record<string, JsonSchema>)) {
      const childUi: UiSchema = {};
      props[key] = prepare(sub, childUi, key);
      if (Object.keys(childUi).length) ui[key] = childUi;
    }
    out.properties = props;
  }
  if (rest.items && typeof rest.items === 'object') {
    const itemUi: UiSchema = {};
    out.items = prepare(rest.items as JsonSchema, itemUi, '');
    if (Object.keys(itemUi).length) ui.items = itemUi;
  }
  return out;
}

/** `resultVariable` → "Result variable", `timeoutSeconds` → "Timeout seconds". */
const words = (name: string) => {
  const spaced = name.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
};

export function nodeForm(
  catalog: CatalogIndex,
  type: string,
  params: Record<string, unknown>,
  labels: { activity: string; input: string },
): NodeForm | null {
  const nodeType = catalog.nodeType(type);
  if (!nodeType) return null;
  const uiSchema: UiSchema = {};
  const schema = prepare(nodeType.params as JsonSchema, uiSchema);
  if (type === 'action') {
    const properties = { ...(schema.properties as Record<string, JsonSchema>) };
    const activities = catalog.catalog.activities;
    properties.activity = {
      type: 'string',
      title: labels.activity,
      oneOf: activities.map((a) => ({ const: a.name, title: a.title })),
    };
    const activity = catalog.activity(String(params.activity ?? ''));
    const inputUi: UiSchema = {};
    properties.input = activity
      ? {
          ...prepare(activity.input as JsonSchema, inputUi),
          title: labels.input,
          description: activity.description,
        }
      : { type: 'object', title: labels.input };
    if (Object.keys(inputUi).length) uiSchema.input = inputUi;
    uiSchema['ui:order'] = ['activity', 'input', '*'];
    return { schema: { ...schema, properties }, uiSchema };
  }
  return { schema, uiSchema };
}

/** The node's problems under its params as rjsf field errors (`/nodes/3/params/input/text` → input.text). */
export function fieldErrors(problems: readonly FlowProblem[]): ErrorSchema {
  const root: Record<string, unknown> = {};
  for (const p of problems) {
    const m = /^\/nodes\/\d+\/params(\/.*)?$/.exec(p.pointer);
    if (!m) continue;
    const path = (m[1] ?? '')
      .split('/')
      .slice(1)
      .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
    let at = root;
    for (const key of path) at = (at[key] ??= {}) as Record<string, unknown>;
    ((at.__errors ??= []) as string[]).push(p.message);
  }
  return root as ErrorSchema;
}

/** rjsf's id of the field at a pointer under the node (`/params/input/text` → root_input_text). */
export function fieldId(pointer: string): string {
  const path = pointer
    .replace(/^\/nodes\/\d+/, '')
    .replace(/^\/params/, '')
    .split('/')
    .filter(Boolean);
  return ['root', ...path].join('_');
}
