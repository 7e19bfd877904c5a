import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildIfStale, isStale } from '../../runtime/web-build';

/** runtime/web-build.ts: a browser bundle is built again only when a source is newer. */
describe('buildIfStale', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lineflow-web-build-'));
  const src = path.join(dir, 'src', 'main.ts');
  const out = path.join(dir, 'dist', 'app.js');
  const touch = (file: string, secondsAgo: number) => {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    if (!fs.existsSync(file)) fs.writeFileSync(file, '');
    const at = new Date(Date.now() - secondsAgo * 1000);
    fs.utimesSync(file, at, at);
  };
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('builds when the output is missing or older than a source, and not otherwise', async () => {
    touch(src, 100);
    const build = jest.fn(async () => touch(out, 0));
    expect(isStale(dir, out)).toBe(true);
    await expect(buildIfStale('app', dir, out, build)).resolves.toBe(true);
    await expect(buildIfStale('app', dir, out, build)).resolves.toBe(false); // its own output does not count
    expect(build).toHaveBeenCalledTimes(1);
    touch(out, 50);
    touch(src, 10);
    await expect(buildIfStale('app', dir, out, build)).resolves.toBe(true);
    expect(build).toHaveBeenCalledTimes(2);
  });

  it('counts every source it is given (the app bundles code from outside its folder), and only those', () => {
    const shared = path.join(dir, 'shared', 'rules.ts');
    const unrelated = path.join(dir, 'other', 'notes.md');
    touch(src, 100);
    touch(shared, 100);
    touch(path.join(dir, 'src'), 100); // a folder's own time counts too (a file deleted from it)
    touch(out, 50);
    expect(isStale([path.join(dir, 'src'), shared], out)).toBe(false);
    touch(unrelated, 0);
    expect(isStale([path.join(dir, 'src'), shared], out)).toBe(false);
    touch(shared, 0);
    expect(isStale([path.join(dir, 'src'), shared], out)).toBe(true);
  });

  it('fails when the build writes nothing', async () => {
    fs.rmSync(out, { force: true });
    await expect(buildIfStale('app', dir, out, async () => undefined)).rejects.toThrow(/did not write/);
  });
});
