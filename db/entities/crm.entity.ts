import { EntitySchema } from 'typeorm';
import { createdAt, idColumn, optionalRef, refColumn } from './columns';

/** docs/product.md §2.7: a lead from a dialog; its source is the channel kind the client wrote from. */
export interface Lead {
  id: string;
  clientId: string;
  dialogId: string;
  lineId: string;
  source: string;
  title: string;
  status: string;
  responsibleOperatorId: string | null;
  createdAt: Date;
}

export const LeadEntity = new EntitySchema<Lead>({
  name: 'Lead',
  tableName: 'leads',
  columns: {
    id: idColumn,
    clientId: refColumn,
    dialogId: refColumn,
    lineId: refColumn,
    source: { type: 'varchar', length: 32 },
    title: { type: 'varchar', length: 200 },
    status: { type: 'varchar', length: 32 },
    responsibleOperatorId: optionalRef,
    createdAt,
  },
  indices: [{ name: 'IDX_leads_client', columns: ['clientId'] }],
});

/** docs/product.md §2.7: a deal made from a dialog (and its lead, when there is one). */
export interface Deal {
  id: string;
  clientId: string;
  dialogId: string;
  leadId: string | null;
  title: string;
  stage: string;
  responsibleOperatorId: string | null;
  createdAt: Date;
}

export const DealEntity = new EntitySchema<Deal>({
  name: 'Deal',
  tableName: 'deals',
  columns: {
    id: idColumn,
    clientId: refColumn,
    dialogId: refColumn,
    leadId: optionalRef,
    title: { type: 'varchar', length: 200 },
    stage: { type: 'varchar', length: 32 },
    responsibleOperatorId: optionalRef,
    createdAt,
  },
  indices: [{ name: 'IDX_deals_client', columns: ['clientId'] }],
});
