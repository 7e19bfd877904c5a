import { EntitySchema } from 'typeorm';
import { createdAt, idColumn, jsonText, updatedAt } from './columns';

/** An open line: the unit admins configure (queue, hours, KPI, flow…); settings grow with later issues. */
export interface Line {
  id: string;
  name: string;
  active: boolean;
  language: string;
  settings: Record<string, unknown>;
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
