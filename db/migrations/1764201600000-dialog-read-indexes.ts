import { TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Indexes for the read routes: the inbox list pages by (updatedAt desc, id desc), within the caller's
 * lines (`IDX_dialogs_line_updated`) or across all of them for admins (`IDX_dialogs_updated`); the
 * statistics read one period's dialogs by line and creation time (`IDX_dialogs_line_created`).
 */
export class DialogReadIndexes1764201600000 implements MigrationInterface {
  name = 'DialogReadIndexes1764201600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createIndices('dialogs', [
      new TableIndex({ name: 'IDX_dialogs_line_updated', columnNames: ['lineId', 'updatedAt', 'id'] }),
      new TableIndex({ name: 'IDX_dialogs_updated', columnNames: ['updatedAt', 'id'] }),
      new TableIndex({ name: 'IDX_dialogs_line_created', columnNames: ['lineId', 'createdAt'] }),
    ]);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('dialogs', 'IDX_dialogs_line_created');
    await queryRunner.dropIndex('dialogs', 'IDX_dialogs_updated');
    await queryRunner.dropIndex('dialogs', 'IDX_dialogs_line_updated');
  }
}
