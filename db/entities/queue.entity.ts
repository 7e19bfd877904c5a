import { EntitySchema } from 'typeorm';
import { jsonText, refColumn, timestamp } from './columns';

/** An open offer of a dialog to an operator; it holds one of the operator's places until withdrawn. */
export interface DialogOffer {
  dialogId: string;
  operatorId: string;
  lineId: string;
  offeredAt: Date;
}

export const DialogOfferEntity = new EntitySchema<DialogOffer>({
  name: 'DialogOffer',
  tableName: 'dialog_offers',
  columns: {
    dialogId: { ...refColumn, primary: true },
    operatorId: { ...refColumn, primary: true },
    lineId: refColumn,
    offeredAt: timestamp,
  },
  indices: [{ name: 'IDX_dialog_offers_operator', columns: ['operatorId'] }],
});

/** A dialog whose queue found every candidate at their load limit; served oldest first. */
export interface QueueWait {
  dialogId: string;
  lineId: string;
  since: Date;
  /** operators this round of its queue has offered it to already */
  tried: string[];
}

export const QueueWaitEntity = new EntitySchema<QueueWait>({
  name: 'QueueWait',
  tableName: 'queue_waits',
  columns: {
    dialogId: { ...refColumn, primary: true },
    lineId: refColumn,
    since: timestamp,
    tried: jsonText,
  },
  indices: [{ name: 'IDX_queue_waits_line_since', columns: ['lineId', 'since'] }],
});
