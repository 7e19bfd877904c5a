import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';

/** `login_throttles`: failed sign-ins per account, for the per-account backoff (api/auth/login-backoff.ts). */
export class LoginThrottles1764892800000 implements MigrationInterface {
  name = 'LoginThrottles1764892800000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'login_throttles',
        columns: [
          { name: 'emailHash', type: 'varchar', length: '64', isPrimary: true },
          { name: 'failures', type: 'integer' },
          { name: 'lastFailureAt', type: 'datetime', precision: 3 },
          { name: 'blockedUntil', type: 'datetime', precision: 3, isNullable: true },
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('login_throttles');
  }
}
