import { Table, TableColumn, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * What the queue needs: operators' vacations and last assignment, the open offers of each dialog, and
 * the dialogs waiting for an operator to have room (oldest first).
 */
export class QueueRouting1763942400000 implements MigrationInterface {
  name = 'QueueRouting1763942400000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumns('users', [
      new TableColumn({ name: 'vacations', type: 'text', isNullable: true }),
      new TableColumn({ name: 'lastAssignedAt', type: 'datetime', precision: 3, isNullable: true }),
    ]);
    await queryRunner.createTable(
      new Table({
        name: 'dialog_offers',
        columns: [
          { name: 'dialogId', type: 'varchar', length: '64', isPrimary: true },
          { name: 'operatorId', type: 'varchar', length: '64', isPrimary: true },
          { name: 'lineId', type: 'varchar', length: '64' },
          { name: 'offeredAt', type: 'datetime', precision: 3 },
        ],
        indices: [{ name: 'IDX_dialog_offers_operator', columnNames: ['operatorId'] }],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'queue_waits',
        columns: [
          { name: 'dialogId', type: 'varchar', length: '64', isPrimary: true },
          { name: 'lineId', type: 'varchar', length: '64' },
          { name: 'since', type: 'datetime', precision: 3 },
          { name: 'tried', type: 'text' },
        ],
      }),
    );
    await queryRunner.createIndex(
      'queue_waits',
      new TableIndex({ name: 'IDX_queue_waits_line_since', columnNames: ['lineId', 'since'] }),
    );
    await queryRunner.createIndex(
      'dialogs',
      new TableIndex({ name: 'IDX_dialogs_responsible', columnNames: ['responsibleOperatorId'] }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('dialogs', 'IDX_dialogs_responsible');
    await queryRunner.dropTable('queue_waits');
    await queryRunner.dropTable('dialog_offers');
    await queryRunner.dropColumn('users', 'lastAssignedAt');
    await queryRunner.dropColumn('users', 'vacations');
  }
}
