import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * `flow_scenarios`: the dry runs an admin saved with a line's flow (docs/flows.md §8), each a script and
 * what the run must do; publishing checks them.
 */
export class FlowScenarios1764806400000 implements MigrationInterface {
  name = 'FlowScenarios1764806400000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'flow_scenarios',
        columns: [
          { name: 'lineId', type: 'varchar', length: '64', isPrimary: true },
          { name: 'name', type: 'varchar', length: '100', isPrimary: true },
          { name: 'position', type: 'integer' },
          { name: 'script', type: 'text' },
          { name: 'expect', type: 'text', isNullable: true },
          { name: 'updatedAt', type: 'datetime', precision: 3 },
          { name: 'updatedBy', type: 'varchar', length: '64', isNullable: true },
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('flow_scenarios');
  }
}
