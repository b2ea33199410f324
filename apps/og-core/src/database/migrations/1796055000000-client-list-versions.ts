import { MigrationInterface, QueryRunner } from 'typeorm';

/** SQL: add one to the list version of unit `$ou`, creating its row. */
const bump = (ou: string) =>
  `INSERT INTO "client_list_versions" ("organizationalUnitId", "version") VALUES (${ou}, 1)
     ON CONFLICT ("organizationalUnitId") DO UPDATE SET "version" = "client_list_versions"."version" + 1`;

/**
 * `client_list_versions`: per organizational unit, a counter a trigger bumps whenever one of its clients is inserted,
 * updated or deleted (both units when a client moves; every unit on TRUNCATE), whoever makes the change. A unit with
 * no row is at version 0. og-core reuses a classroom's client-list JSON while its version is unchanged (see
 * VersionedCache).
 */
export class ClientListVersions1796055000000 implements MigrationInterface {
  name = 'ClientListVersions1796055000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "client_list_versions" ("organizationalUnitId" uuid PRIMARY KEY, "version" bigint NOT NULL)`,
    );
    await queryRunner.query(`CREATE FUNCTION "clients_bump_list_version"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP <> 'INSERT' AND OLD."organizationalUnitId" IS NOT NULL THEN
          ${bump('OLD."organizationalUnitId"')};
        END IF;
        IF TG_OP <> 'DELETE' AND NEW."organizationalUnitId" IS NOT NULL
           AND (TG_OP = 'INSERT' OR NEW."organizationalUnitId" IS DISTINCT FROM OLD."organizationalUnitId") THEN
          ${bump('NEW."organizationalUnitId"')};
        END IF;
        RETURN NULL;
      END $$`);
    await queryRunner.query(
      `CREATE TRIGGER "clients_list_version" AFTER INSERT OR UPDATE OR DELETE ON "clients" FOR EACH ROW EXECUTE FUNCTION "clients_bump_list_version"()`,
    );
    await queryRunner.query(`CREATE FUNCTION "clients_truncated_list_versions"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO "client_list_versions" ("organizationalUnitId", "version") SELECT "id", 1 FROM "organizational_units"
          ON CONFLICT ("organizationalUnitId") DO UPDATE SET "version" = "client_list_versions"."version" + 1;
        RETURN NULL;
      END $$`);
    await queryRunner.query(
      `CREATE TRIGGER "clients_truncated_list_versions" AFTER TRUNCATE ON "clients" FOR EACH STATEMENT EXECUTE FUNCTION "clients_truncated_list_versions"()`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER "clients_truncated_list_versions" ON "clients"`);
    await queryRunner.query(`DROP FUNCTION "clients_truncated_list_versions"()`);
    await queryRunner.query(`DROP TRIGGER "clients_list_version" ON "clients"`);
    await queryRunner.query(`DROP FUNCTION "clients_bump_list_version"()`);
    await queryRunner.query(`DROP TABLE "client_list_versions"`);
  }
}
