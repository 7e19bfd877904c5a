import { EntitySchema } from 'typeorm';
import type { Flow } from '../../schemas/generated/flow';
import type { FlowScenario } from '../../schemas/generated/flow-scenario';
import type { FlowSimulationScript } from '../../schemas/generated/flow-simulation-script';
import { jsonText, optionalJsonText, optionalRef, refColumn, timestamp } from './columns';

/** The flow an admin is editing for a line; saved as drawn, validated in full only to publish. */
export interface FlowDraft {
  lineId: string;
  document: Flow;
  updatedAt: Date;
  updatedBy: string | null;
  /** counts the saves from 1; each save compares and sets it (api/routes/flows.routes.ts) */
  revision: number;
  /** the version the draft started from, was last published as or restored from; null: not known */
  basedOnVersion: number | null;
}

export const FlowDraftEntity = new EntitySchema<FlowDraft>({
  name: 'FlowDraft',
  tableName: 'flow_drafts',
  columns: {
    lineId: { ...refColumn, primary: true },
    document: jsonText,
    updatedAt: timestamp,
    updatedBy: optionalRef,
    revision: { type: 'integer', default: 1 },
    basedOnVersion: { type: 'integer', nullable: true },
  },
});

/** A published flow: immutable; a new dialog pins the line's highest version when it starts. */
export interface FlowVersion {
  lineId: string;
  version: number;
  document: Flow;
  publishedAt: Date;
  publishedBy: string | null;
  /** what the publisher said changed (up to 500 characters) */
  note: string | null;
}

export const FlowVersionEntity = new EntitySchema<FlowVersion>({
  name: 'FlowVersion',
  tableName: 'flow_versions',
  columns: {
    lineId: { ...refColumn, primary: true },
    version: { type: 'integer', primary: true },
    document: jsonText,
    publishedAt: timestamp,
    publishedBy: optionalRef,
    note: { type: 'varchar', length: 500, nullable: true },
  },
});

/**
 * A saved dry run of a line's flow (the designer's "Try it", docs/flows.md §8): its script and what the
 * run must do. The whole list of a line is replaced at once; `position` keeps the admin's order.
 */
export interface FlowScenarioRow {
  lineId: string;
  name: string;
  position: number;
  script: FlowSimulationScript;
  expect: FlowScenario['expect'] | null;
  updatedAt: Date;
  updatedBy: string | null;
}

export const FlowScenarioEntity = new EntitySchema<FlowScenarioRow>({
  name: 'FlowScenario',
  tableName: 'flow_scenarios',
  columns: {
    lineId: { ...refColumn, primary: true },
    name: { type: 'varchar', length: 100, primary: true },
    position: { type: 'integer' },
    script: jsonText,
    expect: optionalJsonText,
    updatedAt: timestamp,
    updatedBy: optionalRef,
  },
});
