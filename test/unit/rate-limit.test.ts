import express from 'express';
import pino from 'pino';
import { errorHandler } from '../../api/errors';
import { RateLimiter } from '../../api/operations/rate-limit';

describe('RateLimiter (token bucket per key)', () => {
  it('lets a burst of perMinute through, then asks to wait until a token has refilled', () => {
    let now = 0;
    const limiter = new RateLimiter(6, () => now); // one token every 10 s
    expect(Array.from({ length: 6 }, () => limiter.take('a'))).toEqual([0, 0, 0, 0, 0, 0]);
    expect(limiter.take('a')).toBe(10);
    expect(limiter.take('b')).toBe(0); // another key has its own bucket
    now = 4_000;
    expect(limiter.take('a')).toBe(6);
    now = 10_000;
    expect(limiter.take('a')).toBe(0);
    expect(limiter.take('a')).toBe(10);
  });

  it('never fills above perMinute, however long a key was idle', () => {
    let now = 0;
    const limiter = new RateLimiter(3, () => now);
    now = 3_600_000;
    expect([1, 2, 3, 4].map(() => limiter.take('k'))).toEqual([0, 0, 0, 20]);
  });

  it('with 0 a minute, limits nothing', () => {
    const limiter = new RateLimiter(0);
    expect(Array.from({ length: 1000 }, () => limiter.take('x')).every((w) => w === 0)).toBe(true);
  });

  it('answers 429 with Retry-After and the error shape over real HTTP', async () => {
    const app = express();
    app.get(
      '/x',
      new RateLimiter(2).middleware('ip', (req) => req.ip ?? null),
      (_req, res) => {
        res.json({ ok: true });
      },
    );
    app.use(errorHandler(pino({ level: 'silent' })));
    const server = app.listen(0);
    await new Promise((resolve) => server.once('listening', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as { port: number }).port}/x`;
      const statuses = [];
      for (let i = 0; i < 3; i++) statuses.push((await fetch(url)).status);
      expect(statuses).toEqual([200, 200, 429]);
      const limited = await fetch(url);
      expect(limited.headers.get('retry-after')).toMatch(/^[1-9]\d*$/);
      expect(await limited.json()).toEqual({
        error: { code: 'rate_limited', message: expect.stringContaining('Too many requests'), details: [] },
      });
    } finally {
      server.close();
    }
  });
});
