import { MigrationInterface, QueryRunner } from 'typeorm';

export class RolesTokensOglivesProfilesAudit1796040680812 implements MigrationInterface {
  name = 'RolesTokensOglivesProfilesAudit1796040680812';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "audit_log" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "userId" uuid, "username" character varying(64) NOT NULL, "method" character varying(8) NOT NULL, "route" character varying(200) NOT NULL, "path" character varying(500) NOT NULL, "resourceId" character varying(64), "statusCode" integer NOT NULL, "address" character varying(64) NOT NULL, CONSTRAINT "PK_07fefa57f7f5ab8fc3f52b3ed0b" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_audit_log_username" ON "audit_log" ("username") `);
    await queryRunner.query(`CREATE INDEX "ix_audit_log_at" ON "audit_log" ("at") `);
    await queryRunner.query(
      `CREATE TABLE "og_lives" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "directory" character varying(200) NOT NULL, "distribution" character varying(50) NOT NULL, "kernel" character varying(100) NOT NULL, "architecture" character varying(20) NOT NULL, "revision" character varying(50) NOT NULL, "isDefault" boolean NOT NULL DEFAULT false, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_36169a34d43a58782d55e200f84" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_og_lives_directory" ON "og_lives" ("directory") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_og_lives_default" ON "og_lives" ("isDefault") WHERE "isDefault"`);
    await queryRunner.query(
      `CREATE TABLE "hardware_profiles" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "description" character varying(255) NOT NULL, "components" jsonb NOT NULL DEFAULT '[]', "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_77e63439742a71174ffa76d3f68" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "software_profiles" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "description" character varying(255) NOT NULL, "operatingSystem" character varying(255) NOT NULL DEFAULT '', "packages" jsonb NOT NULL DEFAULT '[]', "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_7c8d6cbdc080a8e7844f447202f" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "user_tokens" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "userId" uuid NOT NULL, "kind" character varying(16) NOT NULL, "name" character varying(100) NOT NULL DEFAULT '', "tokenHash" character varying(64) NOT NULL, "expiresAt" TIMESTAMP WITH TIME ZONE NOT NULL, "revokedAt" TIMESTAMP WITH TIME ZONE, "lastUsedAt" TIMESTAMP WITH TIME ZONE, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_63764db9d9aaa4af33e07b2f4bf" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_user_tokens_hash" ON "user_tokens" ("tokenHash") `);
    await queryRunner.query(`ALTER TABLE "organizational_units" ADD "dns" character varying(255)`);
    await queryRunner.query(`ALTER TABLE "organizational_units" ADD "ntp" character varying(255)`);
    await queryRunner.query(`ALTER TABLE "organizational_units" ADD "proxy" character varying(255)`);
    await queryRunner.query(`ALTER TABLE "organizational_units" ADD "multicastClients" integer NOT NULL DEFAULT '0'`);
    await queryRunner.query(
      `ALTER TABLE "organizational_units" ADD "multicastMaxWaitSeconds" integer NOT NULL DEFAULT '120'`,
    );
    await queryRunner.query(`ALTER TABLE "clients" ADD "serialNumber" character varying(100)`);
    await queryRunner.query(`ALTER TABLE "clients" ADD "networkInterface" character varying(32)`);
    await queryRunner.query(`ALTER TABLE "clients" ADD "ogLiveId" uuid`);
    await queryRunner.query(`ALTER TABLE "clients" ADD "bootTemplate" character varying(100)`);
    await queryRunner.query(`ALTER TABLE "clients" ADD "maintenance" boolean NOT NULL DEFAULT false`);
    await queryRunner.query(`ALTER TABLE "clients" ADD "hardwareProfileId" uuid`);
    await queryRunner.query(`ALTER TABLE "images" ADD "softwareProfileId" uuid`);
    await queryRunner.query(`ALTER TABLE "users" ADD "organizationalUnitIds" uuid array NOT NULL DEFAULT '{}'`);
    await queryRunner.query(`ALTER TABLE "users" ADD "updatedAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now()`);
    await queryRunner.query(`CREATE INDEX "ix_clients_unit" ON "clients" ("organizationalUnitId") `);
    await queryRunner.query(
      `ALTER TABLE "clients" ADD CONSTRAINT "FK_a5980a3cbcab04f07f3dccc5c49" FOREIGN KEY ("ogLiveId") REFERENCES "og_lives"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "clients" ADD CONSTRAINT "FK_b69bf8a3fd3eb40247abdc3962d" FOREIGN KEY ("hardwareProfileId") REFERENCES "hardware_profiles"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "images" ADD CONSTRAINT "FK_b8cbdf888c13131d2d4b904319f" FOREIGN KEY ("softwareProfileId") REFERENCES "software_profiles"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "user_tokens" ADD CONSTRAINT "FK_92ce9a299624e4c4ffd99b645b6" FOREIGN KEY ("userId") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "user_tokens" DROP CONSTRAINT "FK_92ce9a299624e4c4ffd99b645b6"`);
    await queryRunner.query(`ALTER TABLE "images" DROP CONSTRAINT "FK_b8cbdf888c13131d2d4b904319f"`);
    await queryRunner.query(`ALTER TABLE "clients" DROP CONSTRAINT "FK_b69bf8a3fd3eb40247abdc3962d"`);
    await queryRunner.query(`ALTER TABLE "clients" DROP CONSTRAINT "FK_a5980a3cbcab04f07f3dccc5c49"`);
    await queryRunner.query(`DROP INDEX "public"."ix_clients_unit"`);
    await queryRunner.query(`ALTER TABLE "users" DROP COLUMN "updatedAt"`);
    await queryRunner.query(`ALTER TABLE "users" DROP COLUMN "organizationalUnitIds"`);
    await queryRunner.query(`ALTER TABLE "images" DROP COLUMN "softwareProfileId"`);
    await queryRunner.query(`ALTER TABLE "clients" DROP COLUMN "hardwareProfileId"`);
    await queryRunner.query(`ALTER TABLE "clients" DROP COLUMN "maintenance"`);
    await queryRunner.query(`ALTER TABLE "clients" DROP COLUMN "bootTemplate"`);
    await queryRunner.query(`ALTER TABLE "clients" DROP COLUMN "ogLiveId"`);
    await queryRunner.query(`ALTER TABLE "clients" DROP COLUMN "networkInterface"`);
    await queryRunner.query(`ALTER TABLE "clients" DROP COLUMN "serialNumber"`);
    await queryRunner.query(`ALTER TABLE "organizational_units" DROP COLUMN "multicastMaxWaitSeconds"`);
    await queryRunner.query(`ALTER TABLE "organizational_units" DROP COLUMN "multicastClients"`);
    await queryRunner.query(`ALTER TABLE "organizational_units" DROP COLUMN "proxy"`);
    await queryRunner.query(`ALTER TABLE "organizational_units" DROP COLUMN "ntp"`);
    await queryRunner.query(`ALTER TABLE "organizational_units" DROP COLUMN "dns"`);
    await queryRunner.query(`DROP INDEX "public"."uq_user_tokens_hash"`);
    await queryRunner.query(`DROP TABLE "user_tokens"`);
    await queryRunner.query(`DROP TABLE "software_profiles"`);
    await queryRunner.query(`DROP TABLE "hardware_profiles"`);
    await queryRunner.query(`DROP INDEX "public"."uq_og_lives_default"`);
    await queryRunner.query(`DROP INDEX "public"."uq_og_lives_directory"`);
    await queryRunner.query(`DROP TABLE "og_lives"`);
    await queryRunner.query(`DROP INDEX "public"."ix_audit_log_at"`);
    await queryRunner.query(`DROP INDEX "public"."ix_audit_log_username"`);
    await queryRunner.query(`DROP TABLE "audit_log"`);
  }
}
