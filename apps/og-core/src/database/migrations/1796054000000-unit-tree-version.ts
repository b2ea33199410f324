import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `organizational_units_version`: one row whose `version` a statement trigger bumps on every change to
 * `organizational_units` (insert, update, delete, cascades, truncate), whoever makes it. og-core keeps the unit tree's
 * JSON and reuses it while the version it was built at is still the current one (see VersionedCache).
 */
export class UnitTreeVersion1796054000000 implements MigrationInterface {
  name = 'UnitTreeVersion1796054000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "organizational_units_version" ("id" smallint PRIMARY KEY DEFAULT 1 CHECK ("id" = 1), "version" bigint NOT NULL DEFAULT 0)`,
    );
    await queryRunner.query(`INSERT INTO "organizational_units_version" DEFAULT VALUES`);
    await queryRunner.query(`CREATE FUNCTION "organizational_units_bump_version"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE "organizational_units_version" SET "version" = "version" + 1;
        RETURN NULL;
      END $$`);
    await queryRunner.query(
      `CREATE TRIGGER "organizational_units_version" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "organizational_units" FOR EACH STATEMENT EXECUTE FUNCTION "organizational_units_bump_version"()`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER "organizational_units_version" ON "organizational_units"`);
    await queryRunner.query(`DROP FUNCTION "organizational_units_bump_version"()`);
    await queryRunner.query(`DROP TABLE "organizational_units_version"`);
  }
}
