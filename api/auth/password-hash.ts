import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/** scrypt (Node's built-in, memory-hard) with a per-password salt: `scrypt$N$r$p$salt$hash`. */
const PARAMS = { N: 16384, r: 8, p: 1 };
const KEY_LENGTH = 32;

function derive(password: string, salt: Buffer, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(password, salt, KEY_LENGTH, options, (error, key) => (error ? reject(error) : resolve(key))),
  );
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, PARAMS);
  return ['scrypt', PARAMS.N, PARAMS.r, PARAMS.p, salt.toString('base64'), key.toString('base64')].join('$');
}

const isPowerOfTwo = (n: number) => n > 1 && (n & (n - 1)) === 0;
const smallInt = (value: string | undefined) => (/^\d{1,7}$/.test(value ?? '') ? Number(value) : NaN);

/** False for a wrong password and for a stored value we did not write (never a throw: that would be a 500). */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  const [N, R, P] = [smallInt(n), smallInt(r), smallInt(p)];
  // Bounds keep a tampered row from asking scrypt for gigabytes of memory.
  const sane = isPowerOfTwo(N) && N <= 2 ** 20 && R >= 1 && R <= 32 && P >= 1 && P <= 16;
  if (scheme !== 'scrypt' || !sane || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64');
  const key = await derive(password, Buffer.from(salt, 'base64'), {
    N,
    r: R,
    p: P,
    maxmem: 256 * N * R + 1024,
  });
  return key.length === expected.length && timingSafeEqual(key, expected);
}

/** A readable random password for first-start accounts. */
export function generatePassword(): string {
  return randomBytes(12).toString('base64url');
}
