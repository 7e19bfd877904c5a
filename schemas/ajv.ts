import Ajv2020, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { durationMs } from './durations';
import { durationPattern } from './duration-pattern';
import { NODE_PARAMS_SCHEMAS } from './nodes';
import channelConfigSchema from './channel-config.schema.json';
import channelCreateRequestSchema from './channel-create-request.schema.json';
import channelUpdateRequestSchema from './channel-update-request.schema.json';
import dialogListQuerySchema from './dialog-list-query.schema.json';
import durationSchema from './duration.schema.json';
import errorSchema from './error.schema.json';
import flowSchema from './flow.schema.json';
import inboundMessageSchema from './inbound-message.schema.json';
import inviteRequestSchema from './invite-request.schema.json';
import lineRequestSchema from './line-request.schema.json';
import lineSettingsSchema from './line-settings.schema.json';
import livechatMessageRequestSchema from './livechat-message-request.schema.json';
import livechatSessionRequestSchema from './livechat-session-request.schema.json';
import loginRequestSchema from './login-request.schema.json';
import operatorCreateRequestSchema from './operator-create-request.schema.json';
import operatorMessageSchema from './operator-message.schema.json';
import operatorRequestSchema from './operator-request.schema.json';
import predicateSchema from './predicate.schema.json';
import presenceRequestSchema from './presence-request.schema.json';
import quickReplyCreateRequestSchema from './quick-reply-create-request.schema.json';
import quickReplyRequestSchema from './quick-reply-request.schema.json';
import ratingRequestSchema from './rating-request.schema.json';
import statsQuerySchema from './stats-query.schema.json';
import telegramUpdateSchema from './telegram-update.schema.json';
import transferRequestSchema from './transfer-request.schema.json';
import workdayRequestSchema from './workday-request.schema.json';
import auditQuerySchema from './audit-query.schema.json';
import eventStreamQuerySchema from './event-stream-query.schema.json';
import flowCheckRequestSchema from './flow-check-request.schema.json';
import flowPublishRequestSchema from './flow-publish-request.schema.json';
import flowRestoreRequestSchema from './flow-restore-request.schema.json';
import flowVersionParamsSchema from './flow-version-params.schema.json';
import flowScenarioSchema from './flow-scenario.schema.json';
import flowScenariosRequestSchema from './flow-scenarios-request.schema.json';
import flowSimulationRequestSchema from './flow-simulation-request.schema.json';
import flowSimulationScriptSchema from './flow-simulation-script.schema.json';
import lineCreateRequestSchema from './line-create-request.schema.json';
import quickReplyListQuerySchema from './quick-reply-list-query.schema.json';
import ratingSchema from './rating.schema.json';
import auditPageResponseSchema from './responses/audit-page.schema.json';
import catalogResponseSchema from './responses/catalog.schema.json';
import channelListResponseSchema from './responses/channel-list.schema.json';
import channelViewResponseSchema from './responses/channel-view.schema.json';
import deliveryResultResponseSchema from './responses/delivery-result.schema.json';
import dialogAssignmentResponseSchema from './responses/dialog-assignment.schema.json';
import dialogLeadResponseSchema from './responses/dialog-lead.schema.json';
import dialogPageResponseSchema from './responses/dialog-page.schema.json';
import dialogParticipantsResponseSchema from './responses/dialog-participants.schema.json';
import dialogPinResponseSchema from './responses/dialog-pin.schema.json';
import dialogRatingResponseSchema from './responses/dialog-rating.schema.json';
import dialogStatusChangeResponseSchema from './responses/dialog-status-change.schema.json';
import dialogSummaryResponseSchema from './responses/dialog-summary.schema.json';
import dialogTransferResponseSchema from './responses/dialog-transfer.schema.json';
import dialogViewResponseSchema from './responses/dialog-view.schema.json';
import dialogWorkflowResponseSchema from './responses/dialog-workflow.schema.json';
import flowCheckResultResponseSchema from './responses/flow-check-result.schema.json';
import flowDraftViewResponseSchema from './responses/flow-draft-view.schema.json';
import flowPublishedResponseSchema from './responses/flow-published.schema.json';
import flowScenarioListResponseSchema from './responses/flow-scenario-list.schema.json';
import flowSimulationResponseSchema from './responses/flow-simulation.schema.json';
import flowVersionListResponseSchema from './responses/flow-version-list.schema.json';
import flowVersionViewResponseSchema from './responses/flow-version-view.schema.json';
import healthResponseSchema from './responses/health.schema.json';
import kpiAlertListResponseSchema from './responses/kpi-alert-list.schema.json';
import lineListResponseSchema from './responses/line-list.schema.json';
import lineViewResponseSchema from './responses/line-view.schema.json';
import livechatConversationResponseSchema from './responses/livechat-conversation.schema.json';
import clientViewResponseSchema from './responses/client-view.schema.json';
import livechatSessionResponseSchema from './responses/livechat-session.schema.json';
import livechatVisitorResponseSchema from './responses/livechat-visitor.schema.json';
import livechatWidgetResponseSchema from './responses/livechat-widget.schema.json';
import loginResponseSchema from './responses/login-response.schema.json';
import messageViewResponseSchema from './responses/message-view.schema.json';
import openapiDocumentResponseSchema from './responses/openapi-document.schema.json';
import operatorListResponseSchema from './responses/operator-list.schema.json';
import operatorMessageResultResponseSchema from './responses/operator-message-result.schema.json';
import operatorViewResponseSchema from './responses/operator-view.schema.json';
import presenceResponseSchema from './responses/presence.schema.json';
import quickReplyListResponseSchema from './responses/quick-reply-list.schema.json';
import quickReplyViewResponseSchema from './responses/quick-reply-view.schema.json';
import readinessResponseSchema from './responses/readiness.schema.json';
import sessionUserResponseSchema from './responses/session-user.schema.json';
import statsReportResponseSchema from './responses/stats-report.schema.json';
import telegramWebhookResultResponseSchema from './responses/telegram-webhook-result.schema.json';
import workdayResponseSchema from './responses/workday.schema.json';

/**
 * The one ajv instance of Lineflow. Every JSON Schema under schemas/ is registered here by its `$id`;
 * the API, the worker and the tests validate through `validatorFor`.
 */
export const SCHEMAS = {
  channelConfig: channelConfigSchema,
  channelCreateRequest: channelCreateRequestSchema,
  channelUpdateRequest: channelUpdateRequestSchema,
  dialogListQuery: dialogListQuerySchema,
  duration: durationSchema,
  error: errorSchema,
  flow: flowSchema,
  inboundMessage: inboundMessageSchema,
  inviteRequest: inviteRequestSchema,
  lineRequest: lineRequestSchema,
  lineSettings: lineSettingsSchema,
  livechatMessageRequest: livechatMessageRequestSchema,
  livechatSessionRequest: livechatSessionRequestSchema,
  loginRequest: loginRequestSchema,
  operatorCreateRequest: operatorCreateRequestSchema,
  operatorMessage: operatorMessageSchema,
  operatorRequest: operatorRequestSchema,
  predicate: predicateSchema,
  presenceRequest: presenceRequestSchema,
  quickReplyCreateRequest: quickReplyCreateRequestSchema,
  quickReplyRequest: quickReplyRequestSchema,
  ratingRequest: ratingRequestSchema,
  statsQuery: statsQuerySchema,
  telegramUpdate: telegramUpdateSchema,
  transferRequest: transferRequestSchema,
  workdayRequest: workdayRequestSchema,
  auditQuery: auditQuerySchema,
  eventStreamQuery: eventStreamQuerySchema,
  flowCheckRequest: flowCheckRequestSchema,
  flowPublishRequest: flowPublishRequestSchema,
  flowRestoreRequest: flowRestoreRequestSchema,
  flowVersionParams: flowVersionParamsSchema,
  flowScenario: flowScenarioSchema,
  flowScenariosRequest: flowScenariosRequestSchema,
  flowSimulationRequest: flowSimulationRequestSchema,
  flowSimulationScript: flowSimulationScriptSchema,
  lineCreateRequest: lineCreateRequestSchema,
  quickReplyListQuery: quickReplyListQuerySchema,
  rating: ratingSchema,
  // What the API answers (schemas/responses/): each route's success names one of these.
  auditPage: auditPageResponseSchema,
  catalog: catalogResponseSchema,
  channelList: channelListResponseSchema,
  channelView: channelViewResponseSchema,
  deliveryResult: deliveryResultResponseSchema,
  dialogAssignment: dialogAssignmentResponseSchema,
  dialogLead: dialogLeadResponseSchema,
  dialogPage: dialogPageResponseSchema,
  dialogParticipants: dialogParticipantsResponseSchema,
  dialogPin: dialogPinResponseSchema,
  dialogRating: dialogRatingResponseSchema,
  dialogStatusChange: dialogStatusChangeResponseSchema,
  dialogSummary: dialogSummaryResponseSchema,
  dialogTransfer: dialogTransferResponseSchema,
  dialogView: dialogViewResponseSchema,
  dialogWorkflow: dialogWorkflowResponseSchema,
  flowCheckResult: flowCheckResultResponseSchema,
  flowDraftView: flowDraftViewResponseSchema,
  flowPublished: flowPublishedResponseSchema,
  flowScenarioList: flowScenarioListResponseSchema,
  flowSimulation: flowSimulationResponseSchema,
  flowVersionList: flowVersionListResponseSchema,
  flowVersionView: flowVersionViewResponseSchema,
  health: healthResponseSchema,
  kpiAlertList: kpiAlertListResponseSchema,
  lineList: lineListResponseSchema,
  lineView: lineViewResponseSchema,
  livechatConversation: livechatConversationResponseSchema,
  clientView: clientViewResponseSchema,
  livechatSession: livechatSessionResponseSchema,
  livechatVisitor: livechatVisitorResponseSchema,
  livechatWidget: livechatWidgetResponseSchema,
  loginResponse: loginResponseSchema,
  messageView: messageViewResponseSchema,
  openapiDocument: openapiDocumentResponseSchema,
  operatorList: operatorListResponseSchema,
  operatorMessageResult: operatorMessageResultResponseSchema,
  operatorView: operatorViewResponseSchema,
  presence: presenceResponseSchema,
  quickReplyList: quickReplyListResponseSchema,
  quickReplyView: quickReplyViewResponseSchema,
  readiness: readinessResponseSchema,
  sessionUser: sessionUserResponseSchema,
  statsReport: statsReportResponseSchema,
  telegramWebhookResult: telegramWebhookResultResponseSchema,
  workday: workdayResponseSchema,
} as const;
export type SchemaName = keyof typeof SCHEMAS;

/** Every schema file: the named ones above plus each node type's params schema. */
export const ALL_SCHEMAS: ReadonlyArray<{ $id: string; title: string }> = [
  ...Object.values(SCHEMAS),
  ...Object.values(NODE_PARAMS_SCHEMAS),
];

// strictRequired is off because `anyOf: [{ required: [a] }, { required: [b] }]` ("at least one of")
// names properties declared by the parent schema, which ajv's strict mode does not look up.
// verbose: errors carry the failing schema, which toDetails needs to say what a `not` forbids and how
// many branches a `oneOf` has.
export const ajv = new Ajv2020({
  allErrors: true,
  strict: true,
  strictRequired: false,
  allowUnionTypes: true,
  verbose: true,
});
addFormats(ajv);
// The flow engine evaluates `matches` as a unicode regex (flags iu); legacy-only patterns such as "a{"
// must fail when the flow is saved, not inside a running dialog.
ajv.addFormat('regex', (pattern: string) => {
  try {
    new RegExp(pattern, 'iu');
    return true;
  } catch {
    return false;
  }
});

/**
 * `"lineflowDuration": { "min": "1m", "max": "12h" }` on a duration string: the range check the seed's
 * settings need ("1 minute to 12 hours"), reported with the value's JSON pointer like any schema error.
 */
ajv.addKeyword({
  keyword: 'lineflowDuration',
  type: 'string',
  schemaType: 'object',
  metaSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['min', 'max'],
    properties: { min: { type: 'string' }, max: { type: 'string' } },
  },
  error: { message: ({ schema }) => `must be a duration from ${schema.min} to ${schema.max}` },
  validate: (range: { min: string; max: string }, value: string) => {
    let ms: number;
    try {
      ms = durationMs(value);
    } catch {
      return true; // not a duration at all: the property's `pattern` reports that
    }
    return ms >= durationMs(range.min) && ms <= durationMs(range.max);
  },
});

/**
 * Every `lineflowDuration` of ours also carries its range as the exact `pattern` (duration-pattern.ts):
 * the keyword is ajv's alone, and the OpenAPI document and the browser must refuse what it refuses.
 */
function checkDurationPatterns(node: unknown, where: string): void {
  if (Array.isArray(node)) return node.forEach((item, i) => checkDurationPatterns(item, `${where}/${i}`));
  if (!node || typeof node !== 'object') return;
  const record = node as { lineflowDuration?: { min: string; max: string }; pattern?: string };
  if (record.lineflowDuration) {
    const expected = durationPattern(record.lineflowDuration.min, record.lineflowDuration.max);
    if (record.pattern !== expected)
      throw new Error(`${where}: a lineflowDuration needs "pattern": ${JSON.stringify(expected)}`);
  }
  for (const [key, value] of Object.entries(node)) checkDurationPatterns(value, `${where}/${key}`);
}

for (const schema of ALL_SCHEMAS) checkDurationPatterns(schema, schema.$id);
for (const schema of ALL_SCHEMAS) ajv.addSchema(schema);
// Compile now, so a broken schema fails at start-up (and in the unit tests), not on the first request.
for (const schema of ALL_SCHEMAS) ajv.getSchema(schema.$id);

/** One problem found in a document, in the `details` shape of the API's errors. */
export interface ValidationDetail {
  pointer: string;
  message: string;
  /** the flow node the problem is in, when there is one */
  nodeId?: string;
}

/** One JSON-pointer segment (RFC 6901): `~` and `/` inside a name are escaped. */
const pointerSegment = (name: unknown) => `/${String(name).replace(/~/g, '~0').replace(/\//g, '~1')}`;

const isPathPrefix = (prefix: string, path: string) => path === prefix || path.startsWith(`${prefix}/`);

/**
 * With allErrors, a failed `oneOf` reports the errors of every branch, most of which the document never
 * meant to match. A branch is out when the document lacks a property the branch requires at the
 * oneOf's own level (its discriminator). When exactly one branch is left, its errors are the answer;
 * otherwise (none left, or several branches matched) the oneOf's own error says it best. Innermost
 * first; an error belongs to the nearest oneOf around it (recursive $refs repeat schema paths, so
 * nearness goes by instance path, then schema path).
 */
function pruneOneOfBranches(errors: ErrorObject[]): ErrorObject[] {
  const encloses = (o: ErrorObject, e: ErrorObject) =>
    e !== o && isPathPrefix(o.instancePath, e.instancePath) && e.schemaPath.startsWith(`${o.schemaPath}/`);
  const depth = (o: ErrorObject) => o.instancePath.length * 10_000 + o.schemaPath.length;
  let kept = errors;
  const oneOfs = errors.filter((e) => e.keyword === 'oneOf').sort((a, b) => depth(b) - depth(a));
  for (const oneOf of oneOfs) {
    if (!kept.includes(oneOf)) continue;
    // Ownership is judged against every oneOf, resolved or not, so that the errors an inner oneOf kept
    // are never mistaken for a branch of the one around it.
    const owner = (e: ErrorObject) =>
      oneOfs.filter((o) => encloses(o, e)).sort((a, b) => depth(b) - depth(a))[0];
    const direct = kept.filter((e) => owner(e) === oneOf);
    const branchOf = (e: ErrorObject) =>
      Number(e.schemaPath.slice(oneOf.schemaPath.length + 1).split('/')[0]);
    const lacking = new Set(
      direct
        .filter(
          (e) => e.keyword === 'required' && e.schemaPath === `${oneOf.schemaPath}/${branchOf(e)}/required`,
        )
        .map(branchOf),
    );
    // A branch with no error of its own failed deeper down (inside a nested oneOf): still a candidate.
    const branches = Array.isArray(oneOf.schema) ? oneOf.schema.length : 0;
    const candidates = Array.from({ length: branches }, (_, b) => b).filter((b) => !lacking.has(b));
    const somePassed = (oneOf.params as { passingSchemas?: unknown }).passingSchemas != null;
    if (candidates.length === 1 && !somePassed) {
      kept = kept.filter((e) => e !== oneOf && !(direct.includes(e) && branchOf(e) !== candidates[0]));
    } else {
      kept = kept.filter((e) => !encloses(oneOf, e));
    }
  }
  return kept;
}

/** A duration's pattern failed: the string is no duration at all (out of range, lineflowDuration says so). */
function durationRange(error: ErrorObject): { min: string; max: string } | undefined {
  if (error.keyword !== 'pattern') return undefined;
  return (error.parentSchema as { lineflowDuration?: { min: string; max: string } } | undefined)
    ?.lineflowDuration;
}

function messageOf(error: ErrorObject): string {
  const range = durationRange(error);
  if (range) return `must be a duration (e.g. 90s, 5m, 12h) from ${range.min} to ${range.max}`;
  if (error.keyword === 'additionalProperties') return 'is not an allowed property';
  if (error.keyword === 'false schema') return 'is not allowed here';
  if (
    error.keyword === 'not' &&
    error.schema &&
    typeof error.schema === 'object' &&
    'const' in error.schema
  ) {
    return `must not be ${JSON.stringify((error.schema as { const: unknown }).const)}`;
  }
  return error.message ?? 'is invalid';
}

export function toDetails(errors: ErrorObject[] | null | undefined): ValidationDetail[] {
  // `if` only says which branch failed; the branch's own errors say what is wrong.
  // A duration out of range fails its pattern too; lineflowDuration's own error says it better.
  const outOfRange = new Set(
    (errors ?? []).filter((e) => e.keyword === 'lineflowDuration').map((e) => e.instancePath),
  );
  const relevant = pruneOneOfBranches(
    (errors ?? []).filter((e) => e.keyword !== 'if' && !(durationRange(e) && outOfRange.has(e.instancePath))),
  );
  const details = relevant.map((error) => {
    const missing = error.keyword === 'required' ? pointerSegment(error.params.missingProperty) : '';
    const extra =
      error.keyword === 'additionalProperties' ? pointerSegment(error.params.additionalProperty) : '';
    return { pointer: `${error.instancePath}${missing}${extra}` || '/', message: messageOf(error) };
  });
  const seen = new Set<string>();
  return details.filter(
    (d) => !seen.has(`${d.pointer}\u0000${d.message}`) && !!seen.add(`${d.pointer}\u0000${d.message}`),
  );
}

/** The compiled validator of a registered schema, by name or by `$id`. */
export function validatorFor<T>(nameOrId: SchemaName | string): ValidateFunction<T> {
  const id = nameOrId in SCHEMAS ? SCHEMAS[nameOrId as SchemaName].$id : nameOrId;
  const validate = ajv.getSchema<T>(id);
  if (!validate) throw new Error(`Schema ${nameOrId} is not registered`);
  return validate;
}

/** Validates and returns either the typed value or the list of problems. */
export function check<T>(
  name: SchemaName,
  value: unknown,
): { ok: true; value: T } | { ok: false; details: ValidationDetail[] } {
  const validate = validatorFor<T>(name);
  return validate(value) ? { ok: true, value } : { ok: false, details: toDetails(validate.errors) };
}
