import { EntitySchema } from 'typeorm';
import type { LineSettings } from '../../schemas/generated/line-settings';
import { createdAt, idColumn, jsonText, updatedAt } from './columns';

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
   * Set when an admin deletes the line: its dialogs and statistics keep pointing at it, so the row
   * stays (and its id stays taken), but TypeORM's reads leave it out as if it were gone.
   */
  deletedAt?: Date | null;
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
    deletedAt: { type: 'datetime', precision: 3, nullable: true, deleteDate: true },
  },
});
