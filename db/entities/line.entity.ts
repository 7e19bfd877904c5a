import { EntitySchema, IsNull } from 'typeorm';
import type { LineSettings } from '../../schemas/generated/line-settings';
import { createdAt, idColumn, jsonText, optionalTimestamp, updatedAt } from './columns';

/** An open line: the unit admins configure (queue, hours, KPI, flow…), valid against line-settings.schema.json. */
export interface Line {
  id: string;
  name: string;
  active: boolean;
  language: string;
  settings: LineSettings;
  createdAt: Date;
  updatedAt: Date;
  /**
   * Set when an admin deletes the line. The row stays (and its id stays taken): its dialogs, statistics
   * and the activities still finishing its last dialogs read it. The API shows only `LIVE_LINE` ones.
   */
  deletedAt: Date | null;
}

export const LineEntity = new EntitySchema<Line>({
  name: 'Line',
  tableName: 'lines',
  columns: {
    id: idColumn,
    name: { type: 'varchar', length: 200 },
    active: { type: 'boolean', default: true },
    language: { type: 'varchar', length: 16, default: 'en' },
    settings: jsonText,
    createdAt,
    updatedAt,
    deletedAt: optionalTimestamp,
  },
});

/** `where` of the lines that have not been deleted: the only ones admins and employees see and pick. */
export const LIVE_LINE = { deletedAt: IsNull() };
