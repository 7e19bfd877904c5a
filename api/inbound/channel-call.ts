import { timingSafeEqual } from 'node:crypto';
import type { Request } from 'express';
import { ChannelEntity, type Channel, type ChannelKind } from '../../db/entities';
import type { SchemaName } from '../../schemas/ajv';
import { badRequest, HttpError, notFound } from '../errors';
import { parseBody } from '../validation';
import type { ChannelRouteDeps } from './deliver-client-message';

/** Compares a secret with what a caller sent in constant time (no early exit on the first difference). */
export function sameSecret(expected: string, given: string | undefined): boolean {
  if (given === undefined) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

export interface ChannelCallRules {
  kind: ChannelKind;
  /** does the raw call prove it comes from this channel's sender? */
  authentic(channel: Channel, raw: Buffer): boolean;
  /** the 401's code and message when it does not */
  refusal: { code: string; message: string };
  /** the body's JSON Schema */
  schema: SchemaName;
}

/**
 * What a channel connector's call (raw body) goes through, cheapest check first and nothing stored
 * before all have passed: the channel, of this kind (404); the caller's proof (401); switched on (409);
 * its allowance (429, counted only for authentic calls); JSON (400); the schema (400).
 */
export async function readChannelCall<T>(
  req: Request,
  deps: ChannelRouteDeps,
  rules: ChannelCallRules,
): Promise<{ channel: Channel; body: T }> {
  const id = String(req.params.channelId);
  const channel = await deps.db.getRepository<Channel>(ChannelEntity).findOneBy({ id });
  if (!channel || channel.kind !== rules.kind) throw notFound(`No ${rules.kind} channel ${id}`);
  const raw: Buffer = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
  if (!rules.authentic(channel, raw)) throw new HttpError(401, rules.refusal.code, rules.refusal.message);
  if (!channel.active) throw new HttpError(409, 'channel_inactive', 'This channel is switched off');
  deps.limitChannel(channel.id);
  let json: unknown;
  try {
    json = JSON.parse(raw.toString('utf8'));
  } catch {
    throw badRequest('Request body is not valid JSON');
  }
  return { channel, body: parseBody<T>(rules.schema, json) };
}
