import { IsNull, LessThan, type DataSource } from 'typeorm';
import { InboundClaimEntity, type InboundClaim } from './entities';
import { isUniqueViolation } from './idempotent-writes';

/** A claim whose delivery has not finished after this long was left by a request that died. */
export const ABANDONED_CLAIM_MS = 30_000;

export type ClaimAnswer =
  /** this request took the id in first: it delivers the message, then calls `delivered` */
  | { kind: 'claimed' }
  /** the id was taken in before: the dialog it went to */
  | { kind: 'duplicate'; dialogId: string }
  /** an earlier post of the id is still being delivered */
  | { kind: 'inFlight' };

/**
 * Records an inbound message id under its unique key. Exactly one of any number of concurrent posts of
 * one id, on any API replica, gets `claimed`; the others see `duplicate` once it is delivered. A claim
 * left unfinished for ABANDONED_CLAIM_MS (its request died) is taken over by compare-and-set.
 */
export async function claimInbound(
  db: DataSource,
  messageId: string,
  channelId: string,
  now = new Date(),
): Promise<ClaimAnswer> {
  const claims = db.getRepository<InboundClaim>(InboundClaimEntity);
  try {
    await claims.insert({ messageId, channelId, dialogId: null, claimedAt: now });
    return { kind: 'claimed' };
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
  }
  const claim = await claims.findOneByOrFail({ messageId });
  if (claim.dialogId !== null) return { kind: 'duplicate', dialogId: claim.dialogId };
  const { affected } = await claims.update(
    { messageId, dialogId: IsNull(), claimedAt: LessThan(new Date(now.getTime() - ABANDONED_CLAIM_MS)) },
    { claimedAt: now },
  );
  return affected ? { kind: 'claimed' } : { kind: 'inFlight' };
}

/** The claimed message went to this dialog: later posts of its id are duplicates of it. */
export async function markDelivered(db: DataSource, messageId: string, dialogId: string): Promise<void> {
  await db.getRepository<InboundClaim>(InboundClaimEntity).update({ messageId }, { dialogId });
}

/** The delivery failed: a retry of the same id may claim it again at once. */
export async function releaseClaim(db: DataSource, messageId: string): Promise<void> {
  await db.getRepository<InboundClaim>(InboundClaimEntity).delete({ messageId, dialogId: IsNull() });
}
