import { MigrationInterface, QueryRunner } from 'typeorm';

export class ImageRepositoryReportedAt1796038897667 implements MigrationInterface {
  name = 'ImageRepositoryReportedAt1796038897667';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "images" ADD "repositoryReportedAt" TIMESTAMP WITH TIME ZONE`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "images" DROP COLUMN "repositoryReportedAt"`);
  }
}
