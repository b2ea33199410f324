import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { CORE_ENV, CoreEnv } from '@core/config/env';
import { RolesGuard } from '@core/modules/access/roles.guard';
import { UsersModule } from '@core/modules/users/users.module';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { JwtAuthGuard } from './jwt-auth.guard';
import { LoginThrottle } from './login-throttle';

@Module({
  imports: [
    UsersModule,
    JwtModule.registerAsync({
      inject: [CORE_ENV],
      useFactory: (env: CoreEnv) => ({ secret: env.OG_JWT_SECRET, signOptions: { algorithm: 'HS256' } }),
    }),
  ],
  controllers: [AuthController],
  // Order matters: authentication first, then the role check.
  providers: [
    AuthService,
    LoginThrottle,
    { provide: APP_GUARD, useClass: JwtAuthGuard },
    { provide: APP_GUARD, useClass: RolesGuard },
  ],
})
export class AuthModule {}
