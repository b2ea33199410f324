import { MigrationInterface, QueryRunner } from 'typeorm';

/** `users.credentialsChangedAt`: access tokens issued before it are refused (see CredentialChanges). */
export class UserCredentialsChangedAt1796053000000 implements MigrationInterface {
  name = 'UserCredentialsChangedAt1796053000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "users" ADD "credentialsChangedAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now()`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "users" DROP COLUMN "credentialsChangedAt"`);
  }
}
