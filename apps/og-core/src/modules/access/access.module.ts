import { Global, Module } from '@nestjs/common';
import { AccessScopeService } from './access-scope.service';

/** Scoping of callers to organizational units, available to every domain module. */
@Global()
@Module({ providers: [AccessScopeService], exports: [AccessScopeService] })
export class AccessModule {}
