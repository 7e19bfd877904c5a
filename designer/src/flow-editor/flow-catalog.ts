import type { Catalog } from '../../../schemas/generated/responses/catalog';
import { handlesOf, type NodeOutputs } from '../../../workflows/engine/node-outputs';
import type { ActivityInputs } from '../../../workflows/engine/validate-flow';

/**
 * What the editor knows about node types and activities: only what GET /api/catalog answered (there is
 * no list of node types or handles in the designer). Indexed once per catalog.
 */
export type CatalogNodeType = Catalog['nodeTypes'][number];
export type CatalogActivity = Catalog['activities'][number];
export type JsonSchema = Record<string, unknown>;

export interface CatalogIndex {
  catalog: Catalog;
  nodeType(type: string): CatalogNodeType | undefined;
  activity(name: string): CatalogActivity | undefined;
  /** the validator's view of activities (reviewFlow's `activities`) */
  inputs: ActivityInputs;
  /** the output handles of a node of this type with these params; [] for an unknown type */
  handles(type: string, params: Record<string, unknown> | undefined): string[];
}

export const ACTION = 'action';
export const TRIGGER = 'trigger';

export function indexCatalog(catalog: Catalog): CatalogIndex {
  const types = new Map(catalog.nodeTypes.map((t) => [t.type, t]));
  const activities = new Map(catalog.activities.map((a) => [a.name, a]));
  return {
    catalog,
    nodeType: (type) => types.get(type),
    activity: (name) => activities.get(name),
    inputs: { inputSchemaOf: (name) => activities.get(name)?.input },
    handles: (type, params) => {
      const t = types.get(type);
      return t ? handlesOf(t.outputs as NodeOutputs, params) : [];
    },
  };
}

/** params and inputs are JSON: a copy by JSON is a full copy */
export const cloneJson = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

const PREDICATE_ID = 'https://lineflow.dev/schemas/predicate.schema.json';
export const isPredicateRef = (schema: unknown): boolean =>
  typeof schema === 'object' && schema !== null && (schema as JsonSchema).$ref === PREDICATE_ID;

/** A predicate a new condition starts with: something an admin reads and changes at once. */
export const NEW_PREDICATE = { fact: 'withinWorkingHours', equals: true };

/**
 * First params of a new node: the schema's defaults, and for what is required a first value (an enum's
 * first, a duration's minimum, one item of a list that needs one). Left invalid where no value makes
 * sense (an empty text): the problems panel says what to fill in.
 */
export function initialValue(schema: JsonSchema | undefined, required = true): unknown {
  if (!schema) return undefined;
  if (isPredicateRef(schema)) return { ...NEW_PREDICATE };
  if ('default' in schema) return cloneJson(schema.default);
  if (!required) return undefined;
  if (Array.isArray(schema.enum)) return schema.enum[0];
  const duration = schema.lineflowDuration as { min?: string } | undefined;
  if (duration?.min) return duration.min;
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case 'object': {
      const result: Record<string, unknown> = {};
      const props = (schema.properties ?? {}) as Record<string, JsonSchema>;
      const req = new Set((schema.required as string[] | undefined) ?? []);
      for (const [key, sub] of Object.entries(props)) {
        const value = initialValue(sub, req.has(key));
        if (value !== undefined) result[key] = value;
      }
      return result;
    }
    case 'array': {
      const min = Number(schema.minItems ?? 0);
      const item = initialValue(schema.items as JsonSchema, true);
      return Array.from({ length: min }, (_, i) =>
        item && typeof item === 'object' && 'name' in item ? { ...item, name: `case${i + 1}` } : item,
      );
    }
    case 'string':
      return '';
    case 'integer':
    case 'number':
      return typeof schema.minimum === 'number' ? schema.minimum : 0;
    case 'boolean':
      return false;
    default:
      return undefined;
  }
}

/** Params of a new node of a type (an action node: of an activity). */
export function initialParams(index: CatalogIndex, type: string, activity?: string): Record<string, unknown> {
  const nodeType = index.nodeType(type);
  const params = (initialValue(nodeType?.params as JsonSchema) ?? {}) as Record<string, unknown>;
  if (type === ACTION && activity) {
    const input = initialValue(index.activity(activity)?.input as JsonSchema) ?? {};
    return { ...params, activity, input };
  }
  return params;
}
