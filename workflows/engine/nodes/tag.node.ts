import type { TagParams } from '../../../schemas/generated/nodes/tag.params';
import { NODE_PARAMS_SCHEMAS } from '../../../schemas/nodes';
import { NEXT } from '../node-outputs';
import { defineNode } from './define-node';

export const tagNode = defineNode<TagParams>({
  type: 'tag',
  title: 'Tag',
  description: 'Adds (or removes) a tag on the dialog.',
  category: 'dialog',
  params: NODE_PARAMS_SCHEMAS.tag,
  outputs: { handles: [NEXT] },
  waits: false,
  run: async ({ params, engine }) => {
    const { tag, remove } = params;
    const tags = engine.tags;
    const at = tags.indexOf(tag);
    if (remove && at >= 0) tags.splice(at, 1);
    if (!remove && at < 0) tags.push(tag);
    return NEXT;
  },
});
