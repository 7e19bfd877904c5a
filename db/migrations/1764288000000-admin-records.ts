import { Table, TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * What the admin API keeps: quick replies (an operator's own, or shared on a line or on all lines), the
 * audit trail of configuration changes, and the moment a line was deleted (the row stays for the
 * dialogs and statistics that point at it).
 */
export class AdminRecords1764288000000 implements MigrationInterface {
  name = 'AdminRecords1764288000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const ref = (name: string, isNullable = false) => ({ name, type: 'varchar', length: '64', isNullable });
    const time = (name: string, isNullable = false) => ({ name, type: 'datetime', precision: 3, isNullable });
    await queryRunner.createTable(
      new Table({
        name: 'quick_replies',
        columns: [
          { ...ref('id'), isPrimary: true },
          ref('ownerId', true),
          ref('lineId', true),
          { name: 'group', type: 'varchar', length: '100' },
          { name: 'title', type: 'varchar', length: '200' },
          { name: 'text', type: 'text' },
          time('createdAt'),
          time('updatedAt'),
        ],
        indices: [
          { name: 'IDX_quick_replies_owner', columnNames: ['ownerId'] },
          { name: 'IDX_quick_replies_line', columnNames: ['lineId'] },
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'audit_records',
        columns: [
          { ...ref('id'), isPrimary: true },
          time('at'),
          ref('actorId', true),
          { name: 'action', type: 'varchar', length: '64' },
          { name: 'entityType', type: 'varchar', length: '32' },
          ref('entityId'),
          { name: 'changes', type: 'text' },
        ],
        indices: [
          { name: 'IDX_audit_records_at', columnNames: ['at', 'id'] },
          { name: 'IDX_audit_records_entity', columnNames: ['entityType', 'entityId', 'at'] },
        ],
      }),
    );
    await queryRunner.addColumn('lines', new TableColumn(time('deletedAt', true)));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('lines', 'deletedAt');
    await queryRunner.dropTable('audit_records');
    await queryRunner.dropTable('quick_replies');
  }
}
