import { EntitySchema } from 'typeorm';
import { createdAt, idColumn, optionalRef, refColumn, updatedAt } from './columns';

/** A CRM contact: one profile across channels (the "chat tracker"). */
export interface Client {
  id: string;
  name: string | null;
  phone: string | null;
  email: string | null;
  responsibleOperatorId: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export const ClientEntity = new EntitySchema<Client>({
  name: 'Client',
  tableName: 'clients',
  columns: {
    id: idColumn,
    name: { type: 'varchar', length: 200, nullable: true },
    phone: { type: 'varchar', length: 64, nullable: true },
    email: { type: 'varchar', length: 254, nullable: true },
    responsibleOperatorId: optionalRef,
    createdAt,
    updatedAt,
  },
  indices: [
    { name: 'IDX_clients_phone', columns: ['phone'] },
    { name: 'IDX_clients_email', columns: ['email'] },
  ],
});

/** One identity of a client: the external id a channel kind knows them by. */
export interface ClientIdentity {
  channelKind: string;
  externalId: string;
  clientId: string;
  createdAt: Date;
}

export const ClientIdentityEntity = new EntitySchema<ClientIdentity>({
  name: 'ClientIdentity',
  tableName: 'client_identities',
  columns: {
    channelKind: { type: 'varchar', length: 32, primary: true },
    externalId: { type: 'varchar', length: 255, primary: true },
    clientId: refColumn,
    createdAt,
  },
  indices: [{ name: 'IDX_client_identities_client', columns: ['clientId'] }],
});
