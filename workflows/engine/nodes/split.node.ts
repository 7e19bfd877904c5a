import { defineNode } from './define-node';

/**
 * An A/B split: sends a share of the line's dialogs down `a` and the rest down `b`, to try a new
 * greeting or route on a sample. The share is decided by the dialog's id, not by chance, so a dialog
 * always takes the same branch (a replayed workflow too) and the branches split dialogs, not messages.
 *
 * It is also the worked example of README's "Add a node type": this one file, and its line in
 * nodes/index.ts, is all a node type takes.
 */
interface SplitParams {
  /** the share of dialogs, in percent, that go down `a` */
  percentA: number;
}

export const splitNode = defineNode<SplitParams>({
  type: 'split',
  title: 'A/B split',
  description: 'Sends a share of dialogs down branch a and the rest down b, the same branch every time.',
  category: 'logic',
  params: {
    $id: 'https://lineflow.dev/schemas/nodes/split.params.schema.json',
    title: 'SplitParams',
    type: 'object',
    additionalProperties: false,
    required: ['percentA'],
    properties: {
      percentA: {
        title: 'Share down branch a (%)',
        type: 'integer',
        minimum: 0,
        maximum: 100,
      },
    },
  } as { $id: string; title: string },
  outputs: { handles: ['a', 'b'] },
  waits: false,
  run: async ({ params, engine }) => (bucketOf(engine.dialog.id) < params.percentA ? 'a' : 'b'),
});

/** 0–99 from the dialog id (FNV-1a): spread evenly, and the same for the same dialog on every run. */
export function bucketOf(dialogId: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < dialogId.length; i++) {
    hash ^= dialogId.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash % 100;
}
