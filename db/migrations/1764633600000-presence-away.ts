import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * `users.away`: the employee set themselves away by hand. An open inbox (an event stream) makes
 * someone online unless they are away; going offline (the last stream gone, or logout) clears it.
 */
export class PresenceAway1764633600000 implements MigrationInterface {
  name = 'PresenceAway1764633600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumn(
      'users',
      new TableColumn({ name: 'away', type: 'boolean', default: '0', isNullable: false }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('users', 'away');
  }
}
