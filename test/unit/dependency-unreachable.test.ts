import express from 'express';
import pino from 'pino';
import { QueryFailedError } from 'typeorm';
import { ServiceError } from '@temporalio/client';
import { errorHandler, isDependencyUnreachable } from '../../api/errors';

/**
 * A database or Temporal that cannot be reached is answered 503 with the error shape (and Retry-After),
 * never 500: the chaos harness (chaos/) stops MariaDB and Temporal under load and checks it.
 */
describe('a dependency that cannot be reached', () => {
  const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:3306'), { code: 'ECONNREFUSED' });
  const lost = Object.assign(new Error('Connection lost: The server closed the connection.'), {
    code: 'PROTOCOL_CONNECTION_LOST',
    fatal: true,
  });
  const grpcUnavailable = Object.assign(new Error('14 UNAVAILABLE: No connection established'), {
    code: 14,
    details: 'No connection established',
    metadata: {},
  });

  it('is recognised through the wrappers TypeORM and the Temporal client put around it', () => {
    expect(isDependencyUnreachable(refused)).toBe(true);
    expect(isDependencyUnreachable(new QueryFailedError('SELECT 1', [], lost))).toBe(true);
    expect(
      isDependencyUnreachable(new ServiceError('Failed to signalWithStart', { cause: grpcUnavailable })),
    ).toBe(true);
  });

  it('is told apart from bugs and refusals', () => {
    expect(isDependencyUnreachable(new TypeError("Cannot read properties of undefined (reading 'id')"))).toBe(
      false,
    );
    const duplicate = Object.assign(new Error('Duplicate entry'), { code: 'ER_DUP_ENTRY' });
    expect(isDependencyUnreachable(new QueryFailedError('INSERT', [], duplicate))).toBe(false);
    const notFound = Object.assign(new Error('5 NOT_FOUND'), { code: 5, details: 'not found', metadata: {} });
    expect(isDependencyUnreachable(new ServiceError('x', { cause: notFound }))).toBe(false);
  });

  it('is answered 503 with the error shape and Retry-After; a bug still 500 without its stack', async () => {
    const app = express();
    app.get('/down', () => {
      throw new QueryFailedError('SELECT 1', [], refused);
    });
    app.get('/bug', () => {
      throw new TypeError('a bug with a stack');
    });
    app.use(errorHandler(pino({ level: 'silent' })));
    const server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    const base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    try {
      const down = await fetch(`${base}/down`);
      expect(down.status).toBe(503);
      expect(down.headers.get('retry-after')).toBe('1');
      expect(await down.json()).toEqual({
        error: { code: 'unavailable', message: expect.stringMatching(/unreachable/), details: [] },
      });
      const bug = await fetch(`${base}/bug`);
      expect(bug.status).toBe(500);
      const text = await bug.text();
      expect(JSON.parse(text)).toEqual({
        error: { code: 'internal', message: 'Internal error', details: [] },
      });
      expect(text).not.toMatch(/a bug with a stack|\bat /);
    } finally {
      server.close();
    }
  });
});
