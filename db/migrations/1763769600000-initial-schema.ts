import { Table, type MigrationInterface, type QueryRunner, type TableColumnOptions } from 'typeorm';

/**
 * The first schema, written with TypeORM's portable Table API so the same migration runs on SQLite and
 * MySQL/MariaDB. Migrations are history: never edit this one, add the next. test/integration/database
 * checks that after all migrations the entities need no further change.
 */
const id = (name = 'id'): TableColumnOptions => ({ name, type: 'varchar', length: '64', isPrimary: true });
const ref = (name: string, nullable = false): TableColumnOptions => ({
  name,
  type: 'varchar',
  length: '64',
  isNullable: nullable,
});
const text = (name: string, length: number, nullable = false): TableColumnOptions => ({
  name,
  type: 'varchar',
  length: String(length),
  isNullable: nullable,
});
const time = (name: string, nullable = false): TableColumnOptions => ({
  name,
  type: 'datetime',
  precision: 3,
  isNullable: nullable,
});
const json = (name: string): TableColumnOptions => ({ name, type: 'text' });
const flag = (name: string, value: boolean): TableColumnOptions => ({
  name,
  type: 'boolean',
  default: value ? '1' : '0',
});
const int = (name: string, options: Partial<TableColumnOptions> = {}): TableColumnOptions => ({
  name,
  type: 'integer',
  ...options,
});

const TABLES: Table[] = [
  new Table({
    name: 'lines',
    columns: [
      id(),
      text('name', 200),
      flag('active', true),
      { ...text('language', 16), default: "'en'" },
      json('settings'),
      time('createdAt'),
      time('updatedAt'),
    ],
  }),
  new Table({
    name: 'channels',
    columns: [
      id(),
      ref('lineId'),
      text('kind', 32),
      text('name', 200),
      text('secret', 128),
      flag('active', true),
      time('createdAt'),
    ],
    indices: [{ name: 'IDX_channels_line', columnNames: ['lineId'] }],
  }),
  new Table({
    name: 'users',
    columns: [
      id(),
      text('email', 254),
      text('name', 200),
      text('role', 16),
      text('passwordHash', 255),
      flag('fired', false),
      int('maxOpenDialogs', { isNullable: true }),
      flag('online', false),
      time('lastSeenAt', true),
      { ...text('workdayState', 16), default: "'stopped'" },
      time('createdAt'),
    ],
    indices: [{ name: 'IDX_users_email', columnNames: ['email'], isUnique: true }],
  }),
  new Table({
    name: 'user_lines',
    columns: [
      { ...ref('userId'), isPrimary: true },
      { ...ref('lineId'), isPrimary: true },
    ],
  }),
  new Table({
    name: 'auth_tokens',
    columns: [id('tokenHash'), ref('userId'), time('expiresAt'), time('createdAt')],
    indices: [{ name: 'IDX_auth_tokens_user', columnNames: ['userId'] }],
  }),
  new Table({
    name: 'clients',
    columns: [
      id(),
      text('name', 200, true),
      text('phone', 64, true),
      text('email', 254, true),
      ref('responsibleOperatorId', true),
      time('createdAt'),
      time('updatedAt'),
    ],
  }),
  new Table({
    name: 'client_identities',
    columns: [
      { ...text('channelKind', 32), isPrimary: true },
      { ...text('externalId', 255), isPrimary: true },
      ref('clientId'),
      time('createdAt'),
    ],
    indices: [{ name: 'IDX_client_identities_client', columnNames: ['clientId'] }],
  }),
  new Table({
    name: 'conversations',
    columns: [
      { ...ref('channelId'), isPrimary: true },
      { ...text('clientExternalId', 255), isPrimary: true },
      int('seq'),
    ],
  }),
  new Table({
    name: 'dialogs',
    columns: [
      id(),
      text('workflowId', 128),
      ref('lineId'),
      ref('channelId'),
      ref('clientId'),
      text('status', 32),
      ref('responsibleOperatorId', true),
      json('offeredTo'),
      json('participants'),
      flag('pinned', false),
      int('flowVersion', { isNullable: true }),
      int('firstAnswerMs', { isNullable: true }),
      int('kpiBreaches', { default: 0 }),
      text('rating', 16, true),
      ref('leadId', true),
      time('createdAt'),
      time('updatedAt'),
      time('closedAt', true),
    ],
    indices: [
      { name: 'IDX_dialogs_line_status', columnNames: ['lineId', 'status'] },
      { name: 'IDX_dialogs_client', columnNames: ['clientId'] },
      { name: 'IDX_dialogs_workflow', columnNames: ['workflowId'], isUnique: true },
    ],
  }),
  new Table({
    name: 'messages',
    columns: [
      id(),
      ref('dialogId'),
      ref('channelId'),
      text('externalMessageId', 255, true),
      text('author', 16),
      ref('authorId', true),
      { name: 'text', type: 'text', isNullable: true },
      json('attachments'),
      flag('hidden', false),
      time('sentAt', true),
      time('createdAt'),
    ],
    indices: [
      { name: 'IDX_messages_dialog', columnNames: ['dialogId', 'createdAt'] },
      { name: 'IDX_messages_external', columnNames: ['channelId', 'externalMessageId'], isUnique: true },
    ],
  }),
  new Table({
    name: 'dialog_events',
    columns: [
      { ...ref('dialogId'), isPrimary: true },
      int('seq', { isPrimary: true }),
      text('type', 64),
      time('at'),
      json('data'),
    ],
  }),
];

export class InitialSchema1763769600000 implements MigrationInterface {
  name = 'InitialSchema1763769600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const table of TABLES) await queryRunner.createTable(table, false, false, true);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of [...TABLES].reverse()) await queryRunner.dropTable(table.name);
  }
}
