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
  },
});
