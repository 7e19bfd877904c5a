import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';

/** Real-time events read by every API process, and livechat visitor sessions. */
export class LiveEvents1764374400000 implements MigrationInterface {
  name = 'LiveEvents1764374400000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const ref = (name: string) => ({ name, type: 'varchar', length: '64' });
    const createdAt = { name: 'createdAt', type: 'datetime', precision: 3 };
    await queryRunner.createTable(
      new Table({
        name: 'live_events',
        columns: [
          {
            name: 'id',
            type: 'integer',
            isPrimary: true,
            isGenerated: true,
            generationStrategy: 'increment',
          },
          ref('dialogId'),
          { name: 'type', type: 'varchar', length: '64' },
          { name: 'data', type: 'text' },
          createdAt,
        ],
        indices: [{ name: 'IDX_live_events_created', columnNames: ['createdAt'] }],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'livechat_sessions',
        columns: [
          { name: 'tokenHash', type: 'varchar', length: '64', isPrimary: true },
          ref('channelId'),
          ref('visitorId'),
          { name: 'name', type: 'varchar', length: '200', isNullable: true },
          { name: 'email', type: 'varchar', length: '254', isNullable: true },
          { name: 'phone', type: 'varchar', length: '64', isNullable: true },
          createdAt,
          { name: 'expiresAt', type: 'datetime', precision: 3 },
        ],
        indices: [{ name: 'IDX_livechat_sessions_visitor', columnNames: ['channelId', 'visitorId'] }],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('livechat_sessions');
    await queryRunner.dropTable('live_events');
  }
}
