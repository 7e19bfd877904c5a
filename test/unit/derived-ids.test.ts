import { createHash } from 'node:crypto';
import { derivedId, dialogIdFor, messageIdFor } from '../../db/derived-ids';

// RFC 9562: version 8 ("custom") in the 13th hex digit, variant 10xx (8, 9, a or b) in the 17th.
const UUID_V8 = /^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('derivedId', () => {
  const samples = Array.from({ length: 200 }, (_, i) => derivedId('sample', String(i)));

  it('is an RFC 9562 version 8 UUID with the 10xx variant', () => {
    for (const id of [derivedId(), derivedId(''), derivedId('a'), derivedId('ü', '🙂', 'x'.repeat(5000))]) {
      expect(id).toMatch(UUID_V8);
    }
    for (const id of samples) expect(id).toMatch(UUID_V8);
  });

  it('keeps the other 122 bits of the SHA-256 of its parts', () => {
    for (const parts of [['a'], ['channel', 'message-1'], []]) {
      const hash = createHash('sha256').update(JSON.stringify(parts)).digest();
      const id = Buffer.from(derivedId(...parts).replace(/-/g, ''), 'hex');
      expect(id).toHaveLength(16);
      expect(id[6]! & 0x0f).toBe(hash[6]! & 0x0f);
      expect(id[8]! & 0x3f).toBe(hash[8]! & 0x3f);
      for (const i of [0, 1, 2, 3, 4, 5, 7, 9, 10, 11, 12, 13, 14, 15]) expect(id[i]).toBe(hash[i]);
    }
  });

  it('uses all four variant digits, so no hash bits are lost beyond the fixed ones', () => {
    expect(new Set(samples.map((id) => id[19])).size).toBe(4);
  });

  it('is deterministic', () => {
    expect(derivedId('channel-1', 'message-1')).toBe(derivedId('channel-1', 'message-1'));
    expect(derivedId('channel-1', 'message-1')).toBe(derivedId(...['channel-1', 'message-1']));
  });

  it('differs for different inputs', () => {
    expect(new Set(samples).size).toBe(samples.length);
    expect(derivedId('a')).not.toBe(derivedId('b'));
    expect(derivedId('a', 'b')).not.toBe(derivedId('b', 'a'));
    expect(derivedId()).not.toBe(derivedId(''));
  });

  it('cannot be confused by moving text between parts', () => {
    expect(derivedId('ab', 'c')).not.toBe(derivedId('a', 'bc'));
    expect(derivedId('a,b')).not.toBe(derivedId('a', 'b'));
    expect(derivedId('a","b')).not.toBe(derivedId('a', 'b'));
    expect(derivedId('a', '')).not.toBe(derivedId('a'));
    expect(derivedId('', 'a')).not.toBe(derivedId('a', ''));
  });
});

describe('messageIdFor and dialogIdFor', () => {
  it('are UUIDs, deterministic', () => {
    expect(messageIdFor('channel-1', 'm-1')).toMatch(UUID_V8);
    expect(dialogIdFor('channel-1', 'client-1', 1)).toMatch(UUID_V8);
    expect(messageIdFor('channel-1', 'm-1')).toBe(messageIdFor('channel-1', 'm-1'));
    expect(dialogIdFor('channel-1', 'client-1', 1)).toBe(dialogIdFor('channel-1', 'client-1', 1));
  });

  it('never give a message and a dialog the same id for the same strings', () => {
    expect(messageIdFor('channel-1', 'client-1')).not.toBe(dialogIdFor('channel-1', 'client-1', 1));
    expect(messageIdFor('channel-1', '1')).not.toBe(dialogIdFor('channel-1', '1', 1));
  });

  it('give a client a new dialog id for each dialog number', () => {
    const ids = [1, 2, 3, 10].map((seq) => dialogIdFor('channel-1', 'client-1', seq));
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('depend on the channel', () => {
    expect(messageIdFor('channel-1', 'm-1')).not.toBe(messageIdFor('channel-2', 'm-1'));
    expect(dialogIdFor('channel-1', 'client-1', 1)).not.toBe(dialogIdFor('channel-2', 'client-1', 1));
  });

  it('keep channel and external id apart', () => {
    expect(messageIdFor('channel-1', 'm-1')).not.toBe(messageIdFor('channel-1m', '-1'));
    expect(dialogIdFor('c', 'lient', 1)).not.toBe(dialogIdFor('cl', 'ient', 1));
    expect(dialogIdFor('channel-1', 'client-1', 11)).not.toBe(dialogIdFor('channel-1', 'client-11', 1));
  });
});
