import { Router } from 'express';
import type { DataSource } from 'typeorm';
import { ChannelEntity, type Channel } from '../../db/entities';
import { requireRole } from '../auth/tokens';
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
export function channelRoutes({ db }: { db: DataSource }): Router {
  const router = Router();
  const channels = () => db.getRepository<Channel>(ChannelEntity);
  router.get('/channels', requireRole('admin'), async (_req, res) => {
    res.json({ items: (await channels().find({ order: { createdAt: 'ASC', id: 'ASC' } })).map(view) });
  });
  router.get('/channels/:id', requireRole('admin'), async (req, res) => {
    const channel = await channels().findOneBy({ id: String(req.params.id) });
    if (!channel) throw notFound(`No channel ${req.params.id}`);
    res.json(view(channel));
  });
  return router;
}
