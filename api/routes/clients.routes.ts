import { In, type DataSource } from 'typeorm';
import {
  ClientEntity,
  ClientIdentityEntity,
  DialogEntity,
  LeadEntity,
  type Client,
  type ClientIdentity,
  type Dialog,
  type Lead,
} from '../../db/entities';
import type { ClientView } from '../../schemas/generated/responses/client-view';
import { visibleLineIds } from '../auth/line-access';
import { dialogListExtras } from '../dialogs/dialog-list-extras';
import { notFound } from '../errors';
import { EVERY_ROLE, type ApiRoutes } from '../api-routes';
import { dialogSummary } from './dialogs.routes';

/** The newest dialogs of a client a card lists (older ones are in the inbox's All view). */
const CLIENT_DIALOGS = 50;

/**
 * A client as the dialog view's card shows them (docs/product.md §2.3): profile, the identities the
 * chat tracker merged (one per channel kind), their leads, and their dialogs on any channel of the
 * lines the caller may see. A client with no dialog on those lines reads as missing.
 */
export function clientRoutes(routes: ApiRoutes, { db }: { db: DataSource }): void {
  routes.add(
    {
      method: 'get',
      path: '/api/clients/:id',
      tag: 'Dialogs',
      summary:
        "A client: profile, identities on each channel kind, leads, and their dialogs (newest first) on the caller's lines",
      audience: EVERY_ROLE,
      success: { status: 200, description: 'the client', schema: 'clientView' },
    },
    async (req, res) => {
      const id = String(req.params.id);
      const client = await db.getRepository<Client>(ClientEntity).findOneBy({ id });
      const lines = await visibleLineIds(db, req.user!);
      const dialogs = client
        ? await db.getRepository<Dialog>(DialogEntity).find({
            where: { clientId: id, ...(lines ? { lineId: In(lines) } : {}) },
            order: { createdAt: 'DESC', id: 'ASC' },
            take: CLIENT_DIALOGS,
          })
        : [];
      if (!client || !dialogs.length) throw notFound(`No client ${id}`);
      const [identities, leads, extras] = await Promise.all([
        db
          .getRepository<ClientIdentity>(ClientIdentityEntity)
          .find({ where: { clientId: id }, order: { createdAt: 'ASC' } }),
        db.getRepository<Lead>(LeadEntity).find({ where: { clientId: id }, order: { createdAt: 'DESC' } }),
        dialogListExtras(db, dialogs),
      ]);
      const view: ClientView = {
        id: client.id,
        name: client.name,
        phone: client.phone,
        email: client.email,
        responsibleOperatorId: client.responsibleOperatorId,
        createdAt: client.createdAt.toISOString(),
        identities: identities.map((i) => ({ channelKind: i.channelKind, externalId: i.externalId })),
        leads: leads.map((l) => ({
          id: l.id,
          title: l.title,
          status: l.status,
          source: l.source,
          dialogId: l.dialogId,
          createdAt: l.createdAt.toISOString(),
        })),
        dialogs: dialogs.map((d) => dialogSummary(d, client, extras.get(d.id))),
      };
      res.json(view);
    },
  );
}
