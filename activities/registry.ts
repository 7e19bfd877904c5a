import fs from 'node:fs';
import path from 'node:path';
import { ajv } from '../schemas/ajv';
import type { ActivityInputs } from '../workflows/engine/validate-flow';
import { NODE_TYPES, type NodeTypeDefinition } from '../workflows/engine/node-types';
import { callWebhook } from './call-webhook/call-webhook.activity';
import { createDeal } from './crm/create-deal.activity';
import { faqBot } from './faq-bot/faq-bot.activity';
import { createLead } from './crm/create-lead.activity';
import { findOrCreateClient } from './crm/find-or-create-client.activity';
import { requestRating } from './request-rating/request-rating.activity';
import { sendKpiAlert } from './send-kpi-alert/send-kpi-alert.activity';
import { sendMessage } from './send-message/send-message.activity';
import { isActivityDefinition, type ActivityDefinition } from './define-activity';
import { ENGINE_ACTIVITY_NAMES } from './index';

/**
 * The catalog: every node type and every activity a flow can use. Built once per process from the
 * built-ins below and every module in activities/custom/; the worker registers its activities, the
 * API validates flows and serves `GET /api/catalog` from it, and the designer draws its palette from
 * that answer. There is no other list.
 */
export const BUILT_IN_ACTIVITIES: readonly ActivityDefinition[] = [
  callWebhook,
  sendMessage,
  requestRating,
  sendKpiAlert,
  findOrCreateClient,
  createLead,
  createDeal,
  faqBot,
];

export const CUSTOM_ACTIVITIES_DIR = path.join(__dirname, 'custom');

const NAME = /^[a-z][A-Za-z0-9]{0,63}$/;

export class Catalog implements ActivityInputs {
  private readonly byName: Map<string, ActivityDefinition>;

  constructor(
    readonly nodeTypes: readonly NodeTypeDefinition[],
    readonly activities: readonly ActivityDefinition[],
  ) {
    this.byName = new Map(activities.map((a) => [a.name, a]));
  }

  inputSchemaOf(name: string): object | undefined {
    return this.byName.get(name)?.input;
  }

  /** The JSON answer of `GET /api/catalog`. */
  describe() {
    return {
      nodeTypes: this.nodeTypes.map((n) => ({
        type: n.type,
        title: n.title,
        description: n.description,
        category: n.category,
        params: n.params,
        outputs: n.outputs,
        waits: n.waits,
      })),
      activities: this.activities.map(({ name, title, description, category, input, output }) => ({
        name,
        title,
        description,
        category,
        input,
        output,
      })),
    };
  }
}

/** Definitions exported by the modules (.ts/.js) of a folder; test files and declarations are skipped. */
export function loadActivityModules(dir: string): ActivityDefinition[] {
  if (!fs.existsSync(dir)) return [];
  const found: ActivityDefinition[] = [];
  for (const file of fs.readdirSync(dir).sort()) {
    if (!/\.(ts|js|cjs)$/.test(file) || /\.(test|spec|d)\.[cm]?[tj]s$/.test(file)) continue;
    // Loaded by path at run time: which files exist is only known here, so no static import can do it.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const exported: Record<string, unknown> = require(path.join(dir, file));
    const definitions = Object.values(exported).filter(isActivityDefinition);
    if (!definitions.length) throw new Error(`${path.join(dir, file)} exports no activity definition`);
    found.push(...definitions);
  }
  return found;
}

/** Checks what a developer could get wrong, naming the activity, before any worker registers it. */
export function checkActivities(activities: readonly ActivityDefinition[]): void {
  const names = new Set<string>(ENGINE_ACTIVITY_NAMES);
  for (const activity of activities) {
    const where = `activity "${activity.name}"`;
    if (!NAME.test(activity.name)) throw new Error(`${where}: name must be camelCase letters and digits`);
    if (names.has(activity.name))
      throw new Error(`${where} is defined twice (or takes an engine activity's name)`);
    names.add(activity.name);
    for (const key of ['title', 'description', 'category'] as const) {
      if (typeof activity[key] !== 'string' || !activity[key])
        throw new Error(`${where}: ${key} is required`);
    }
    for (const key of ['input', 'output'] as const) {
      try {
        ajv.compile(activity[key]);
      } catch (error) {
        throw new Error(`${where}: ${key} is not a valid JSON Schema: ${(error as Error).message}`);
      }
    }
  }
}

export function loadCatalog(customDir = CUSTOM_ACTIVITIES_DIR): Catalog {
  const activities = [...BUILT_IN_ACTIVITIES, ...loadActivityModules(customDir)];
  checkActivities(activities);
  return new Catalog(NODE_TYPES, activities);
}
