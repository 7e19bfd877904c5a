import { Table, TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Channel configuration (telegram bot token, webhook outboundUrl, livechat origins) and the outbox of
 * messages to send out to the channels. `config` is nullable so existing channels need no value.
 */
export class ChannelDelivery1764460800000 implements MigrationInterface {
  name = 'ChannelDelivery1764460800000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumn(
      'channels',
      new TableColumn({ name: 'config', type: 'text', isNullable: true }),
    );
    const ref = (name: string) => ({ name, type: 'varchar', length: '64' });
    const time = (name: string, isNullable = false) => ({ name, type: 'datetime', precision: 3, isNullable });
    await queryRunner.createTable(
      new Table({
        name: 'outbound_messages',
        columns: [
          { ...ref('messageId'), isPrimary: true },
          ref('channelId'),
          ref('dialogId'),
          { name: 'status', type: 'varchar', length: '16' },
          { name: 'attempts', type: 'integer', default: 0 },
          { name: 'partsSent', type: 'integer', default: 0 },
          time('nextAttemptAt'),
          time('claimedUntil', true),
          { name: 'lastError', type: 'varchar', length: '1000', isNullable: true },
          time('sentAt', true),
          { name: 'externalId', type: 'varchar', length: '255', isNullable: true },
          time('createdAt'),
        ],
        indices: [
          { name: 'IDX_outbound_messages_due', columnNames: ['status', 'nextAttemptAt'] },
          { name: 'IDX_outbound_messages_dialog', columnNames: ['dialogId', 'status'] },
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('outbound_messages');
    await queryRunner.dropColumn('channels', 'config');
  }
}
