import type { TransferParams } from '../../../schemas/generated/nodes/transfer.params';
import { NODE_PARAMS_SCHEMAS } from '../../../schemas/nodes';
import { NEXT } from '../node-outputs';
import { defineNode } from './define-node';

/**
 * To an operator of the line: the path goes on. To another line: the dialog goes on in that line's
 * flow (the host starts it once this step is recorded), so this path and this flow end here.
 */
export const transferNode = defineNode<TransferParams>({
  type: 'transfer',
  title: 'Transfer',
  description:
    "Hands the dialog with its history to an operator of the line (the path goes on) or to another line (the dialog continues in that line's flow, so this path ends here).",
  category: 'routing',
  params: NODE_PARAMS_SCHEMAS.transfer,
  outputs: { handles: [NEXT], noneWhenParam: 'lineId' },
  waits: false,
  movesStatus: true,
  run: async ({ params, host, engine }) => {
    await host.transfer(params);
    if (params.lineId !== undefined) {
      engine.transferredOut();
      return null;
    }
    engine.emit('dialog.transferred');
    return NEXT;
  },
});
