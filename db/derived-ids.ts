import { createHash } from 'node:crypto';

/**
 * Ids derived from what the channel tells us, so every API replica computes the same id for the same
 * thing without asking anyone: a message's id from its channel's message id, a dialog's id from the
 * client and the number of their dialog on that channel. Formatted as UUIDs (version 8, "custom").
 */
export function derivedId(...parts: string[]): string {
  const hex = createHash('sha256').update(JSON.stringify(parts)).digest('hex');
  const variant = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export const messageIdFor = (channelId: string, externalMessageId: string): string =>
  derivedId('message', channelId, externalMessageId);

export const dialogIdFor = (channelId: string, clientExternalId: string, seq: number): string =>
  derivedId('dialog', channelId, clientExternalId, String(seq));
