import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';

/** KPI alerts: one row per employee told that a dialog's response time went over its threshold. */
export class KpiAlerts1764028800000 implements MigrationInterface {
  name = 'KpiAlerts1764028800000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'kpi_alerts',
        columns: [
          { name: 'id', type: 'varchar', length: '64', isPrimary: true },
          { name: 'dialogId', type: 'varchar', length: '64' },
          { name: 'lineId', type: 'varchar', length: '64' },
          { name: 'kpi', type: 'varchar', length: '32' },
          { name: 'thresholdMs', type: 'integer', isNullable: true },
          { name: 'recipientId', type: 'varchar', length: '64' },
          { name: 'createdAt', type: 'datetime', precision: 3 },
          { name: 'readAt', type: 'datetime', precision: 3, isNullable: true },
        ],
        indices: [{ name: 'IDX_kpi_alerts_recipient', columnNames: ['recipientId', 'createdAt'] }],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('kpi_alerts');
  }
}
