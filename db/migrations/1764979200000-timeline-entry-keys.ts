import { TableColumn, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * `dialog_events.entryKey`: what a timeline entry is (a client message, an update's change, a flow
 * path's n-th step…), unique per dialog, so a write run again by a retried workflow task is kept once
 * whatever number it was given (docs/architecture.md, "What runs locally"). Nullable: entries written
 * before, and by runs with remote activities, have none and stay keyed by (dialogId, seq), the primary
 * key, as before (a unique index allows any number of NULLs on SQLite and MariaDB alike).
 */
export class TimelineEntryKeys1764979200000 implements MigrationInterface {
  name = 'TimelineEntryKeys1764979200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumn(
      'dialog_events',
      new TableColumn({ name: 'entryKey', type: 'varchar', length: '191', isNullable: true }),
    );
    await queryRunner.createIndex(
      'dialog_events',
      new TableIndex({
        name: 'IDX_dialog_events_key',
        columnNames: ['dialogId', 'entryKey'],
        isUnique: true,
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('dialog_events', 'IDX_dialog_events_key');
    await queryRunner.dropColumn('dialog_events', 'entryKey');
  }
}
