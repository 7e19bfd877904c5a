import type { Request, RequestHandler } from 'express';
import { HttpError } from '../errors';

/**
 * A token bucket per key: `perMinute` requests a minute, refilled continuously, bursts up to the
 * same number. Buckets live in this process: with N API replicas a key may get N times the rate.
 * That is a deliberate trade: the limit protects each process from floods without a shared store
 * on every request; put a limit at the load balancer too when replicas multiply.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    readonly perMinute: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Takes one token; answers how many seconds to wait when none is left (0 = go ahead). */
  take(key: string): number {
    if (this.perMinute <= 0) return 0;
    const now = this.now();
    const ratePerMs = this.perMinute / 60_000;
    const bucket = this.buckets.get(key) ?? { tokens: this.perMinute, at: now };
    bucket.tokens = Math.min(this.perMinute, bucket.tokens + (now - bucket.at) * ratePerMs);
    bucket.at = now;
    this.buckets.set(key, bucket);
    if (this.buckets.size > 100_000) this.forgetFull(now, ratePerMs);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return Math.ceil((1 - bucket.tokens) / ratePerMs / 1000);
  }

  /** Buckets that have filled up again carry no information: drop them to bound memory. */
  private forgetFull(now: number, ratePerMs: number): void {
    for (const [key, b] of this.buckets) {
      if (b.tokens + (now - b.at) * ratePerMs >= this.perMinute) this.buckets.delete(key);
    }
  }

  /** Takes a token for `key`, or throws 429 with Retry-After. */
  check(scope: string, key: string): void {
    const wait = this.take(`${scope}:${key}`);
    if (wait > 0) {
      throw new HttpError(429, 'rate_limited', `Too many requests; try again in ${wait} s`, undefined, {
        'Retry-After': String(wait),
      });
    }
  }

  /** Express middleware limiting by `keyOf(req)` (null: not limited). */
  middleware(scope: string, keyOf: (req: Request) => string | null): RequestHandler {
    return (req, _res, next) => {
      const key = keyOf(req);
      if (key !== null) this.check(scope, key);
      next();
    };
  }
}
