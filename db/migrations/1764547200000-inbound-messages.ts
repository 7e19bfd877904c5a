import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * The inbound message ids the API has taken in, claimed under a unique key before the dialog is
 * signalled, so "duplicate" is decided at the edge whatever the timing. Client messages already stored
 * are recorded as delivered, so their repeats stay duplicates.
 */
export class InboundMessages1764547200000 implements MigrationInterface {
  name = 'InboundMessages1764547200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const ref = (name: string, isNullable = false) => ({ name, type: 'varchar', length: '64', isNullable });
    await queryRunner.createTable(
      new Table({
        name: 'inbound_messages',
        columns: [
          { ...ref('messageId'), isPrimary: true },
          ref('channelId'),
          ref('dialogId', true),
          { name: 'claimedAt', type: 'datetime', precision: 3 },
        ],
      }),
    );
    const q = (name: string) => queryRunner.connection.driver.escape(name);
    await queryRunner.query(
      `INSERT INTO ${q('inbound_messages')} (${q('messageId')}, ${q('channelId')}, ${q('dialogId')}, ${q('claimedAt')}) ` +
        `SELECT ${q('id')}, ${q('channelId')}, ${q('dialogId')}, ${q('createdAt')} FROM ${q('messages')} ` +
        `WHERE ${q('author')} = 'client' AND ${q('externalMessageId')} IS NOT NULL`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('inbound_messages');
  }
}
