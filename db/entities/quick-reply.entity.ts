import { EntitySchema } from 'typeorm';
import { createdAt, idColumn, optionalRef, updatedAt } from './columns';

/**
 * docs/product.md §2.8: a saved answer template, grouped. `ownerId` set: the operator's own; null: a
 * shared one, for one line (`lineId`) or, when `lineId` is null too, for every line.
 */
export interface QuickReply {
  id: string;
  ownerId: string | null;
  lineId: string | null;
  group: string;
  title: string;
  text: string;
  createdAt: Date;
  updatedAt: Date;
}

export const QuickReplyEntity = new EntitySchema<QuickReply>({
  name: 'QuickReply',
  tableName: 'quick_replies',
  columns: {
    id: idColumn,
    ownerId: optionalRef,
    lineId: optionalRef,
    group: { type: 'varchar', length: 100 },
    title: { type: 'varchar', length: 200 },
    text: { type: 'text' },
    createdAt,
    updatedAt,
  },
  indices: [
    { name: 'IDX_quick_replies_owner', columns: ['ownerId'] },
    { name: 'IDX_quick_replies_line', columns: ['lineId'] },
  ],
});
