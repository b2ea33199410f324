import { MigrationInterface, QueryRunner } from 'typeorm';

export class InitialSchema1796037497725 implements MigrationInterface {
  name = 'InitialSchema1796037497725';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "image_repositories" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "name" character varying(100) NOT NULL, "address" character varying(255) NOT NULL, "port" integer NOT NULL DEFAULT '8006', "apiToken" character varying(255) NOT NULL, "comments" text, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_83f82d29d86e5447697d0c353f8" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_image_repositories_name" ON "image_repositories" ("name") `);
    await queryRunner.query(
      `CREATE TABLE "organizational_units" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "name" character varying(100) NOT NULL, "type" character varying(32) NOT NULL, "description" text, "parentId" uuid, "router" character varying(45), "netmask" character varying(45), "multicastPort" integer NOT NULL DEFAULT '9000', "multicastAddress" character varying(45), "multicastMode" character varying(16) NOT NULL DEFAULT 'full-duplex', "multicastSpeedMbps" integer NOT NULL DEFAULT '70', "p2pMode" character varying(16) NOT NULL DEFAULT 'peer', "p2pSeedTimeSeconds" integer NOT NULL DEFAULT '60', "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updatedAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_d818d009beb8256752e477fe4c7" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_organizational_units_name" ON "organizational_units" ("parentId", "name") NULLS NOT DISTINCT`,
    );
    await queryRunner.query(
      `CREATE TABLE "subnets" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "name" character varying(100) NOT NULL, "address" character varying(45) NOT NULL, "netmask" character varying(45) NOT NULL, "router" character varying(45), "nextServer" character varying(45), "bootFileName" character varying(255), "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_e8cfb9718c7de1fb9413293f16e" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_subnets_address" ON "subnets" ("address", "netmask") `);
    await queryRunner.query(
      `CREATE TABLE "clients" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "name" character varying(100) NOT NULL, "mac" character varying(17) NOT NULL, "ip" character varying(45) NOT NULL, "organizationalUnitId" uuid NOT NULL, "subnetId" uuid, "repositoryId" uuid, "status" character varying(20) NOT NULL DEFAULT 'off', "lastSeenAt" TIMESTAMP WITH TIME ZONE, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updatedAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_f1ab7cf3a5714dbc6bb4e1c28a4" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_clients_mac" ON "clients" ("mac") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_clients_ip" ON "clients" ("ip") `);
    await queryRunner.query(
      `CREATE TABLE "client_partitions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "clientId" uuid NOT NULL, "disk" integer NOT NULL, "partition" integer NOT NULL, "code" character varying(16) NOT NULL, "filesystem" character varying(32) NOT NULL DEFAULT '', "os" character varying(255) NOT NULL DEFAULT '', "sizeBytes" bigint NOT NULL, "usedBytes" bigint, "imageId" uuid, CONSTRAINT "PK_9fe5c2ef96c6592bb538851cd2d" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_client_partitions_slot" ON "client_partitions" ("clientId", "disk", "partition") `,
    );
    await queryRunner.query(
      `CREATE TABLE "images" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "name" character varying(100) NOT NULL, "description" text, "type" character varying(32), "version" character varying(100), "repositoryId" uuid NOT NULL, "status" character varying(20) NOT NULL DEFAULT 'pending', "statusMessage" text, "sourceClientId" uuid, "sourceDisk" integer, "sourcePartition" integer, "sourceCode" character varying(16), "info" character varying(100), "dataSizeBytes" bigint, "filesystemSizeBytes" bigint, "sizeBytes" bigint, "sum" character varying(32), "fullSum" character varying(32), "createdBy" character varying(64), "lastDeployedAt" TIMESTAMP WITH TIME ZONE, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updatedAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_1fe148074c6a1a91b63cb9ee3c9" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_images_name" ON "images" ("name") `);
    await queryRunner.query(
      `CREATE TABLE "traces" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "command" character varying(32) NOT NULL, "clientId" uuid NOT NULL, "imageId" uuid, "status" character varying(20) NOT NULL DEFAULT 'pending', "progress" real NOT NULL DEFAULT '0', "stage" character varying(32), "rateBytesPerSecond" bigint NOT NULL DEFAULT '0', "message" text, "error" text, "stderrTail" text, "agentJobId" character varying(64), "input" jsonb NOT NULL, "result" jsonb, "createdBy" character varying(64), "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updatedAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "sentAt" TIMESTAMP WITH TIME ZONE, "startedAt" TIMESTAMP WITH TIME ZONE, "finishedAt" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_a28bd8d9b09a77802bb18fbc2f5" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_traces_agent_job" ON "traces" ("agentJobId") `);
    await queryRunner.query(`CREATE INDEX "ix_traces_client" ON "traces" ("clientId", "createdAt") `);
    await queryRunner.query(
      `CREATE TABLE "users" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "username" character varying(64) NOT NULL, "passwordHash" character varying(255) NOT NULL, "roles" text array NOT NULL DEFAULT '{super-admin}', "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_a3ffb1c0c8416b9fc6f907b7433" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_users_username" ON "users" ("username") `);
    await queryRunner.query(
      `CREATE TABLE "webhook_events" ("id" uuid NOT NULL, "source" character varying(16) NOT NULL, "type" character varying(32) NOT NULL, "payload" jsonb NOT NULL, "receivedAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "processedAt" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_4cba37e6a0acb5e1fc49c34ebfd" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `ALTER TABLE "organizational_units" ADD CONSTRAINT "FK_fe600fcf2575310e563ce0096f2" FOREIGN KEY ("parentId") REFERENCES "organizational_units"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "clients" ADD CONSTRAINT "FK_e30eb9b1b8a76015a5ced0fcc66" FOREIGN KEY ("organizationalUnitId") REFERENCES "organizational_units"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "clients" ADD CONSTRAINT "FK_6770fe73c5e807119c44ae13e13" FOREIGN KEY ("subnetId") REFERENCES "subnets"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "clients" ADD CONSTRAINT "FK_9fa66644ac3686b1cd24ade196b" FOREIGN KEY ("repositoryId") REFERENCES "image_repositories"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "client_partitions" ADD CONSTRAINT "FK_09a2c0a57cfcd571beecde277f3" FOREIGN KEY ("clientId") REFERENCES "clients"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "images" ADD CONSTRAINT "FK_415cca365f13d6a013a85511188" FOREIGN KEY ("repositoryId") REFERENCES "image_repositories"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "traces" ADD CONSTRAINT "FK_3f5267ff0f9d80d2dd09bb12090" FOREIGN KEY ("clientId") REFERENCES "clients"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "traces" DROP CONSTRAINT "FK_3f5267ff0f9d80d2dd09bb12090"`);
    await queryRunner.query(`ALTER TABLE "images" DROP CONSTRAINT "FK_415cca365f13d6a013a85511188"`);
    await queryRunner.query(`ALTER TABLE "client_partitions" DROP CONSTRAINT "FK_09a2c0a57cfcd571beecde277f3"`);
    await queryRunner.query(`ALTER TABLE "clients" DROP CONSTRAINT "FK_9fa66644ac3686b1cd24ade196b"`);
    await queryRunner.query(`ALTER TABLE "clients" DROP CONSTRAINT "FK_6770fe73c5e807119c44ae13e13"`);
    await queryRunner.query(`ALTER TABLE "clients" DROP CONSTRAINT "FK_e30eb9b1b8a76015a5ced0fcc66"`);
    await queryRunner.query(`ALTER TABLE "organizational_units" DROP CONSTRAINT "FK_fe600fcf2575310e563ce0096f2"`);
    await queryRunner.query(`DROP TABLE "webhook_events"`);
    await queryRunner.query(`DROP INDEX "public"."uq_users_username"`);
    await queryRunner.query(`DROP TABLE "users"`);
    await queryRunner.query(`DROP INDEX "public"."ix_traces_client"`);
    await queryRunner.query(`DROP INDEX "public"."ix_traces_agent_job"`);
    await queryRunner.query(`DROP TABLE "traces"`);
    await queryRunner.query(`DROP INDEX "public"."uq_images_name"`);
    await queryRunner.query(`DROP TABLE "images"`);
    await queryRunner.query(`DROP INDEX "public"."uq_client_partitions_slot"`);
    await queryRunner.query(`DROP TABLE "client_partitions"`);
    await queryRunner.query(`DROP INDEX "public"."uq_clients_ip"`);
    await queryRunner.query(`DROP INDEX "public"."uq_clients_mac"`);
    await queryRunner.query(`DROP TABLE "clients"`);
    await queryRunner.query(`DROP INDEX "public"."uq_subnets_address"`);
    await queryRunner.query(`DROP TABLE "subnets"`);
    await queryRunner.query(`DROP INDEX "public"."uq_organizational_units_name"`);
    await queryRunner.query(`DROP TABLE "organizational_units"`);
    await queryRunner.query(`DROP INDEX "public"."uq_image_repositories_name"`);
    await queryRunner.query(`DROP TABLE "image_repositories"`);
  }
}
