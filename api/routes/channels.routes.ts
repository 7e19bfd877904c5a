import type { DataSource } from 'typeorm';
import { ChannelEntity, type Channel } from '../../db/entities';
import type { ApiRoutes } from '../api-routes';
import { notFound } from '../errors';

const view = (c: Channel) => ({
  id: c.id,
  lineId: c.lineId,
  kind: c.kind,
  name: c.name,
  secret: c.secret,
  active: c.active,
  createdAt: c.createdAt.toISOString(),
});

/** Admins read channels, secrets included (they configure the senders with them). */
export function channelRoutes(routes: ApiRoutes, { db }: { db: DataSource }): void {
  const channels = () => db.getRepository<Channel>(ChannelEntity);
  const tag = 'Channels';
  routes.add(
    {
      method: 'get',
      path: '/api/channels',
      tag,
      summary: 'Every channel, secrets included',
      audience: ['admin'],
      success: { status: 200, description: '{ items: [channel] }' },
    },
    async (_req, res) => {
      res.json({ items: (await channels().find({ order: { createdAt: 'ASC', id: 'ASC' } })).map(view) });
    },
  );
  routes.add(
    {
      method: 'get',
      path: '/api/channels/:id',
      tag,
      summary: 'One channel, secret included',
      audience: ['admin'],
      success: { status: 200, description: 'the channel' },
      errors: [404],
    },
    async (req, res) => {
      const channel = await channels().findOneBy({ id: String(req.params.id) });
      if (!channel) throw notFound(`No channel ${req.params.id}`);
      res.json(view(channel));
    },
  );
}
