import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/** The built-in minimal CRM: leads and deals, and lookups of clients by phone and email (chat tracker). */
export class Crm1764115200000 implements MigrationInterface {
  name = 'Crm1764115200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const ref = (name: string, isNullable = false) => ({ name, type: 'varchar', length: '64', isNullable });
    await queryRunner.createTable(
      new Table({
        name: 'leads',
        columns: [
          { ...ref('id'), isPrimary: true },
          ref('clientId'),
          ref('dialogId'),
          ref('lineId'),
          { name: 'source', type: 'varchar', length: '32' },
          { name: 'title', type: 'varchar', length: '200' },
          { name: 'status', type: 'varchar', length: '32' },
          ref('responsibleOperatorId', true),
          { name: 'createdAt', type: 'datetime', precision: 3 },
        ],
        indices: [{ name: 'IDX_leads_client', columnNames: ['clientId'] }],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'deals',
        columns: [
          { ...ref('id'), isPrimary: true },
          ref('clientId'),
          ref('dialogId'),
          ref('leadId', true),
          { name: 'title', type: 'varchar', length: '200' },
          { name: 'stage', type: 'varchar', length: '32' },
          ref('responsibleOperatorId', true),
          { name: 'createdAt', type: 'datetime', precision: 3 },
        ],
        indices: [{ name: 'IDX_deals_client', columnNames: ['clientId'] }],
      }),
    );
    await queryRunner.createIndex(
      'clients',
      new TableIndex({ name: 'IDX_clients_phone', columnNames: ['phone'] }),
    );
    await queryRunner.createIndex(
      'clients',
      new TableIndex({ name: 'IDX_clients_email', columnNames: ['email'] }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('clients', 'IDX_clients_email');
    await queryRunner.dropIndex('clients', 'IDX_clients_phone');
    await queryRunner.dropTable('deals');
    await queryRunner.dropTable('leads');
  }
}
