import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Flow drafts count their saves (`revision`, compared and set by each save so that of two admins saving
 * the same revision one wins and the other is told, 409 stale_draft) and remember the published version
 * they started from (`basedOnVersion`; null for drafts saved before this: not known). Versions carry
 * the publisher's `note`.
 */
export class FlowDraftRevisions1764720000000 implements MigrationInterface {
  name = 'FlowDraftRevisions1764720000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumns('flow_drafts', [
      new TableColumn({ name: 'revision', type: 'integer', default: '1', isNullable: false }),
      new TableColumn({ name: 'basedOnVersion', type: 'integer', isNullable: true }),
    ]);
    await queryRunner.addColumn(
      'flow_versions',
      new TableColumn({ name: 'note', type: 'varchar', length: '500', isNullable: true }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('flow_versions', 'note');
    await queryRunner.dropColumn('flow_drafts', 'basedOnVersion');
    await queryRunner.dropColumn('flow_drafts', 'revision');
  }
}
