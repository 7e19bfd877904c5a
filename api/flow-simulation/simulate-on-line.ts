import { In, type DataSource } from 'typeorm';
import { flowErrors, type ActivityInputs, type FlowProblem } from '../../workflows/engine/validate-flow';
import { lineQueue } from '../../activities/routing/routing-store';
import {
  FlowDraftEntity,
  FlowScenarioEntity,
  FlowVersionEntity,
  UserEntity,
  type FlowDraft,
  type FlowScenarioRow,
  type FlowVersion,
  type User,
} from '../../db/entities';
import type { Flow } from '../../schemas/generated/flow';
import type { FlowScenario } from '../../schemas/generated/flow-scenario';
import type { FlowSimulationScript } from '../../schemas/generated/flow-simulation-script';
import type { FlowSimulation } from '../../schemas/generated/responses/flow-simulation';
import { dryRun, dryRunStart, unmetExpectations } from '../../workflows/simulate/dry-run';
import type { ScenarioOperator } from '../../workflows/simulate/scenario-desk';
import { badRequest } from '../errors';

/**
 * The designer's "Try it" against a line as it is (docs/flows.md §8): the line's settings as the worker
 * reads them and its queue operators as stored (fired, vacations, own limit, workday), each at work
 * unless the script says otherwise and with no other dialogs unless it gives them some. Nothing runs
 * for real: catalog activities answer what the script says, else null.
 */
export async function simulateOnLine(
  db: DataSource,
  lineId: string,
  flow: Flow,
  script: FlowSimulationScript,
  now = Date.now(),
): Promise<FlowSimulation> {
  const { settings, order } = await lineQueue(db.manager, lineId);
  const users = order.length ? await db.getRepository<User>(UserEntity).findBy({ id: In(order) }) : [];
  const byId = new Map(users.map((u) => [u.id, u]));
  const queue = order.flatMap((id) => byId.get(id) ?? []);
  const overrides = new Map((script.operators ?? []).map((o) => [o.id, o]));
  const unknown = [...overrides.keys()].filter((id) => !byId.has(id));
  if (unknown.length)
    throw badRequest(
      `Not an operator of this line's queue: ${unknown.join(', ')}`,
      unknown.map((id) => ({
        pointer: `/script/operators/${(script.operators ?? []).findIndex((o) => o.id === id)}/id`,
        message: `${id} is not in the line's queue`,
      })),
    );
  const operators: ScenarioOperator[] = queue.map((u) => {
    const override = overrides.get(u.id);
    const atWork = override?.online ?? true;
    return {
      id: u.id,
      fired: u.fired,
      vacations: u.vacations ?? [],
      maxOpenDialogs: u.maxOpenDialogs,
      online: atWork,
      // "at work" on a line that tracks time is a started workday; the line decides which one counts
      workdayState: atWork ? 'started' : u.workdayState === 'started' ? 'stopped' : u.workdayState,
      openDialogs: override?.openDialogs ?? 0,
    };
  });
  const result = await dryRun({
    flow,
    line: settings,
    operators,
    events: script.events,
    ...(script.facts ? { facts: script.facts } : {}),
    ...(script.activityResults ? { activityResults: script.activityResults } : {}),
    runFor: script.runFor,
    start: dryRunStart(settings, now, script.facts?.withinWorkingHours),
  });
  return { ...result, operators: queue.map((u) => ({ id: u.id, name: u.name })) };
}

/** The flow a dry run plays when the request names none: the line's draft, else its newest version. */
export async function currentFlowOf(db: DataSource, lineId: string): Promise<Flow | undefined> {
  const draft = await db.getRepository<FlowDraft>(FlowDraftEntity).findOneBy({ lineId });
  if (draft) return draft.document;
  const newest = await db
    .getRepository<FlowVersion>(FlowVersionEntity)
    .findOne({ where: { lineId }, order: { version: 'DESC' } });
  return newest?.document;
}

/** The saved scenarios of a line's flow, in the admin's order. */
export async function savedScenarios(db: DataSource, lineId: string): Promise<FlowScenario[]> {
  const rows = await db
    .getRepository<FlowScenarioRow>(FlowScenarioEntity)
    .find({ where: { lineId }, order: { position: 'ASC' } });
  return rows.map((r) => ({ name: r.name, script: r.script, ...(r.expect ? { expect: r.expect } : {}) }));
}

/** Replaces the line's saved scenarios with `items` (names unique, 400 otherwise). */
export async function saveScenarios(
  db: DataSource,
  lineId: string,
  items: FlowScenario[],
  userId: string,
  now = new Date(),
): Promise<void> {
  const seen = new Set<string>();
  const duplicates = items.flatMap((item, i) => {
    const dup = seen.has(item.name);
    seen.add(item.name);
    return dup ? [{ pointer: `/items/${i}/name`, message: `another scenario is named "${item.name}"` }] : [];
  });
  if (duplicates.length) throw badRequest('Scenario names must be unique', duplicates);
  await db.transaction(async (tx) => {
    const repo = tx.getRepository<FlowScenarioRow>(FlowScenarioEntity);
    await repo.delete({ lineId });
    if (!items.length) return;
    // (`as never`: TypeORM's deep-partial type cannot follow the open records of a JSON column.)
    await repo.insert(
      items.map((item, position) => ({
        lineId,
        name: item.name,
        position,
        script: item.script,
        expect: item.expect ?? null,
        updatedAt: now,
        updatedBy: userId,
      })) as never,
    );
  });
}

/**
 * Plays each saved scenario of the line on `flow` and says, as one warning per scenario that failed,
 * what it expected and the run did not do (publishing shows them; they do not stop it). A scenario
 * whose run cannot even start (its operators left the queue) is a warning too.
 */
export async function runSavedScenarios(
  db: DataSource,
  catalog: ActivityInputs,
  lineId: string,
  flow: Flow,
): Promise<FlowProblem[]> {
  if (flowErrors(flow, catalog).length) return []; // the validator's errors say it already
  const warnings: FlowProblem[] = [];
  for (const scenario of await savedScenarios(db, lineId)) {
    if (!scenario.expect) continue;
    let unmet: Array<{ message: string; nodeId?: string }>;
    try {
      unmet = unmetExpectations(await simulateOnLine(db, lineId, flow, scenario.script), scenario.expect);
    } catch (error) {
      unmet = [{ message: `it could not run: ${(error as Error).message}` }];
    }
    if (!unmet.length) continue;
    const nodeId = unmet.find((u) => u.nodeId !== undefined)?.nodeId;
    const at = nodeId === undefined ? -1 : flow.nodes.findIndex((n) => n.id === nodeId);
    warnings.push({
      pointer: at >= 0 ? `/nodes/${at}` : '',
      message: `Scenario "${scenario.name}": ${unmet.map((u) => u.message).join('; ')}`,
      ...(at >= 0 ? { nodeId: nodeId! } : {}),
    });
  }
  return warnings;
}
