import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';

/** Flow drafts and published, immutable flow versions per line. */
export class FlowVersions1763856000000 implements MigrationInterface {
  name = 'FlowVersions1763856000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'flow_drafts',
        columns: [
          { name: 'lineId', type: 'varchar', length: '64', isPrimary: true },
          { name: 'document', type: 'text' },
          { name: 'updatedAt', type: 'datetime', precision: 3 },
          { name: 'updatedBy', type: 'varchar', length: '64', isNullable: true },
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'flow_versions',
        columns: [
          { name: 'lineId', type: 'varchar', length: '64', isPrimary: true },
          { name: 'version', type: 'integer', isPrimary: true },
          { name: 'document', type: 'text' },
          { name: 'publishedAt', type: 'datetime', precision: 3 },
          { name: 'publishedBy', type: 'varchar', length: '64', isNullable: true },
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('flow_versions');
    await queryRunner.dropTable('flow_drafts');
  }
}
