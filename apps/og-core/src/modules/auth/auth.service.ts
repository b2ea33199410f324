import { Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { CORE_ENV, CoreEnv } from '@core/config/env';
import type { AuthUser } from '@core/common/current-user.decorator';
import { UsersService } from '@core/modules/users/users.service';
import { TokenView } from './auth.dto';

/** Login and access tokens (JWT HS256). */
@Injectable()
export class AuthService {
  constructor(
    private readonly users: UsersService,
    private readonly jwt: JwtService,
    @Inject(CORE_ENV) private readonly env: CoreEnv,
  ) {}

  /** @throws UnauthorizedException for an unknown user or a wrong password (same message for both). */
  async login(username: string, password: string): Promise<TokenView> {
    const user = await this.users.verify(username, password);
    if (!user) throw new UnauthorizedException('invalid username or password');
    const claims: AuthUser = { sub: user.id, username: user.username, roles: user.roles };
    const accessToken = await this.jwt.signAsync(claims, { expiresIn: this.env.OG_JWT_TTL_SECONDS });
    return { accessToken, tokenType: 'Bearer', expiresIn: this.env.OG_JWT_TTL_SECONDS };
  }

  /** Claims of a valid token. @throws UnauthorizedException when missing, expired or forged. */
  async verify(token: string): Promise<AuthUser> {
    try {
      return await this.jwt.verifyAsync<AuthUser>(token);
    } catch {
      throw new UnauthorizedException('invalid or expired access token');
    }
  }
}
