import { hasErrors, serverErrorSchema } from './server-errors';

describe("the API's refusal details at their fields", () => {
  it('nests each pointer into an rjsf error schema, escapes decoded, several messages kept', () => {
    const { errorSchema, unplaced } = serverErrorSchema([
      { pointer: '/settings/workingHours/week/mon/0/to', message: 'must be later than from' },
      { pointer: '/settings/timeZone', message: '"Mars/Olympus" is not a known time zone' },
      { pointer: '/settings/timeZone', message: 'second reason' },
      { pointer: '/a~1b/c~0d', message: 'escaped' },
    ]);
    expect(errorSchema).toEqual({
      settings: {
        workingHours: { week: { mon: { 0: { to: { __errors: ['must be later than from'] } } } } },
        timeZone: { __errors: ['"Mars/Olympus" is not a known time zone', 'second reason'] },
      },
      'a/b': { 'c~d': { __errors: ['escaped'] } },
    });
    expect(unplaced).toEqual([]);
    expect(hasErrors(errorSchema)).toBe(true);
  });

  it("keeps only what lies under the form's base; the rest (and the root) is said apart", () => {
    const { errorSchema, unplaced } = serverErrorSchema(
      [
        { pointer: '/config/botToken', message: 'must match pattern' },
        { pointer: '/config', message: 'must be object' },
        { pointer: '/name', message: 'must NOT have fewer than 1 characters' },
        { pointer: '/configuration', message: 'not under /config' },
        { pointer: '', message: 'at the root' },
      ],
      '/config',
    );
    expect(errorSchema).toEqual({ botToken: { __errors: ['must match pattern'] } });
    expect(unplaced).toEqual([
      'must be object',
      'must NOT have fewer than 1 characters',
      'not under /config',
      'at the root',
    ]);
    expect(hasErrors({})).toBe(false);
    expect(hasErrors({ a: { __errors: [] } } as never)).toBe(false);
  });
});
