import { randomUUID } from 'node:crypto';
import type { Request } from 'express';
import { In, type DataSource } from 'typeorm';
import { createLine } from '../../db/default-flow';
import { LineEntity, UserLineEntity, type Line, type UserLine } from '../../db/entities';
import { isUniqueViolation } from '../../db/idempotent-writes';
import type { LineRequest } from '../../schemas/generated/line-request';
import { lineSettingsProblems } from '../../schemas/validate-line-settings';
import { canSeeLine } from '../auth/line-access';
import { EVERY_ROLE, type ApiRoutes } from '../api-routes';
import { HttpError, notFound } from '../errors';

const lineView = (line: Line) => ({
  id: line.id,
  name: line.name,
  active: line.active,
  language: line.language,
  settings: line.settings,
  createdAt: line.createdAt.toISOString(),
  updatedAt: line.updatedAt.toISOString(),
});

/** Settings that pass the schema but not the rules it cannot express are refused with 422. */
function checkSettings(body: LineRequest): void {
  const problems = body.settings ? lineSettingsProblems(body.settings) : [];
  if (problems.length)
    throw new HttpError(422, 'invalid_settings', 'The line settings have problems', problems);
}

/**
 * Lines (SPEC §7 admin CRUD): admins create and change them; every employee reads the lines they work
 * on. A new line starts with the default flow published as its version 1.
 */
export function lineRoutes(routes: ApiRoutes, { db }: { db: DataSource }): void {
  const lines = () => db.getRepository<Line>(LineEntity);

  async function visibleLine(req: Request): Promise<Line> {
    const id = String(req.params.id);
    const line = await lines().findOneBy({ id });
    if (!line || !(await canSeeLine(db, req.user!, id))) throw notFound(`No line ${id}`);
    return line;
  }

  const tag = 'Lines';
  routes.add(
    {
      method: 'get',
      path: '/api/lines',
      tag,
      summary: 'Lines the caller works on (admins: all)',
      audience: EVERY_ROLE,
      success: { status: 200, description: '{ items: [line] }' },
    },
    async (req, res) => {
      const user = req.user!;
      const memberships =
        user.role === 'admin'
          ? null
          : await db.getRepository<UserLine>(UserLineEntity).findBy({ userId: user.id });
      const found = await lines().find({
        where: memberships ? { id: In(memberships.map((m) => m.lineId)) } : {},
        order: { name: 'ASC', id: 'ASC' },
      });
      res.json({ items: found.map(lineView) });
    },
  );

  routes.add(
    {
      method: 'get',
      path: '/api/lines/:id',
      tag,
      summary: 'One line with its settings',
      audience: EVERY_ROLE,
      success: { status: 200, description: 'the line' },
      errors: [404],
    },
    async (req, res) => {
      res.json(lineView(await visibleLine(req)));
    },
  );

  routes.add(
    {
      method: 'post',
      path: '/api/lines',
      tag,
      summary: 'Create a line (it starts with the default flow published as version 1)',
      audience: ['admin'],
      body: 'lineRequest',
      success: { status: 201, description: 'the new line' },
      errors: [409, 422],
    },
    async (req, res) => {
      const body = req.body as LineRequest;
      if (body.name === undefined)
        throw new HttpError(400, 'invalid_request', 'A new line needs a name', [
          { pointer: '/name', message: 'is required' },
        ]);
      checkSettings(body);
      const id = body.id ?? randomUUID();
      try {
        await db.transaction((tx) =>
          createLine(
            tx,
            {
              id,
              name: body.name!,
              language: body.language,
              active: body.active,
              settings: body.settings ?? {},
            },
            new Date(),
          ),
        );
      } catch (error) {
        if (isUniqueViolation(error)) throw new HttpError(409, 'conflict', `A line ${id} exists already`);
        throw error;
      }
      res.status(201).json(lineView(await lines().findOneByOrFail({ id })));
    },
  );

  routes.add(
    {
      method: 'patch',
      path: '/api/lines/:id',
      tag,
      summary: "Change a line's name, language, active flag or settings",
      audience: ['admin'],
      body: 'lineRequest',
      success: { status: 200, description: 'the changed line' },
      errors: [404, 422],
    },
    async (req, res) => {
      const line = await visibleLine(req);
      const body = req.body as LineRequest;
      if (body.id !== undefined && body.id !== line.id)
        throw new HttpError(400, 'invalid_request', "A line's id cannot change", [
          { pointer: '/id', message: 'must stay the same' },
        ]);
      checkSettings(body);
      const { id: _id, ...changes } = body;
      await lines().update(line.id, { ...changes, updatedAt: new Date() });
      res.json(lineView(await lines().findOneByOrFail({ id: line.id })));
    },
  );
}
