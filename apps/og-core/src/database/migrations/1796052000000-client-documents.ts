import { MigrationInterface, QueryRunner } from 'typeorm';

/** SQL: a timestamptz of the new row as `Date.prototype.toJSON` writes it. */
const isoTime = (column: string) => `to_char(NEW."${column}" AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/**
 * `clients.document`: each client's JSON as `GET /clients` lists it, written by a trigger whenever the row is inserted
 * or updated, so a page of clients is 100 stored strings joined instead of 100 rows turned into JSON on every read.
 * The column list is frozen here; `clients.int-spec` compares it with `clientJsonSql`, so a new column shows up there.
 */
export class ClientDocuments1796052000000 implements MigrationInterface {
  name = 'ClientDocuments1796052000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "clients" ADD "document" text`);
    await queryRunner.query(`CREATE FUNCTION "clients_document"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        NEW."document" := (SELECT row_to_json(x)::text FROM (SELECT NEW.id, NEW.name, NEW.mac, NEW.ip,
          NEW."organizationalUnitId", NEW."subnetId", NEW."repositoryId", NEW.status, NEW."serialNumber",
          NEW."networkInterface", NEW."ogLiveId", NEW."bootTemplate", NEW.maintenance, NEW."hardwareProfileId",
          ${isoTime('lastSeenAt')} AS "lastSeenAt", ${isoTime('createdAt')} AS "createdAt",
          ${isoTime('updatedAt')} AS "updatedAt") x);
        RETURN NEW;
      END $$`);
    await queryRunner.query(
      `CREATE TRIGGER "clients_document" BEFORE INSERT OR UPDATE ON "clients" FOR EACH ROW EXECUTE FUNCTION "clients_document"()`,
    );
    await queryRunner.query(`UPDATE "clients" SET "id" = "id"`);
    await queryRunner.query(`ALTER TABLE "clients" ALTER COLUMN "document" SET NOT NULL`);
    await queryRunner.query(`CREATE INDEX "ix_clients_unit_name" ON "clients" ("organizationalUnitId", "name", "id")`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."ix_clients_unit_name"`);
    await queryRunner.query(`DROP TRIGGER "clients_document" ON "clients"`);
    await queryRunner.query(`DROP FUNCTION "clients_document"()`);
    await queryRunner.query(`ALTER TABLE "clients" DROP COLUMN "document"`);
  }
}
