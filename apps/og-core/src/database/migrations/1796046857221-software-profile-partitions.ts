import { MigrationInterface, QueryRunner } from 'typeorm';

export class SoftwareProfilePartitions1796046857221 implements MigrationInterface {
  name = 'SoftwareProfilePartitions1796046857221';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "software_profiles" ADD "clientId" uuid`);
    await queryRunner.query(`ALTER TABLE "software_profiles" ADD "disk" integer`);
    await queryRunner.query(`ALTER TABLE "software_profiles" ADD "partition" integer`);
    await queryRunner.query(
      `ALTER TABLE "software_profiles" ADD "updatedAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now()`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_software_profiles_slot" ON "software_profiles" ("clientId", "disk", "partition") `,
    );
    await queryRunner.query(
      `ALTER TABLE "software_profiles" ADD CONSTRAINT "FK_ebdf8fc771f97769de3aacd4fa0" FOREIGN KEY ("clientId") REFERENCES "clients"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "software_profiles" DROP CONSTRAINT "FK_ebdf8fc771f97769de3aacd4fa0"`);
    await queryRunner.query(`DROP INDEX "public"."uq_software_profiles_slot"`);
    await queryRunner.query(`ALTER TABLE "software_profiles" DROP COLUMN "updatedAt"`);
    await queryRunner.query(`ALTER TABLE "software_profiles" DROP COLUMN "partition"`);
    await queryRunner.query(`ALTER TABLE "software_profiles" DROP COLUMN "disk"`);
    await queryRunner.query(`ALTER TABLE "software_profiles" DROP COLUMN "clientId"`);
  }
}
