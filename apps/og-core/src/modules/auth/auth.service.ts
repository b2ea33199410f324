import { Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import type { AuthUser } from '@core/common/current-user.decorator';
import { CORE_ENV, CoreEnv } from '@core/config/env';
import { CredentialChanges } from '@core/modules/users/credential-changes';
import { TOKEN_PREFIX } from '@core/modules/users/token-codec';
import { toClaims, UsersService } from '@core/modules/users/users.service';
import { TokenView } from './auth.dto';
import { LoginThrottle } from './login-throttle';

/** Verified access tokens kept in memory (HMAC verification dominates the cost of small reads). */
const VERIFIED_CACHE_SIZE = 5000;

/** Login, refresh, and resolving bearer credentials (JWT access tokens or API tokens). */
@Injectable()
export class AuthService {
  /** token → claims and expiry (ms); only tokens whose signature was verified, dropped once expired. */
  private readonly verified = new Map<string, { claims: AuthUser; issuedAt: number; expiresAt: number }>();

  constructor(
    private readonly users: UsersService,
    private readonly jwt: JwtService,
    private readonly throttle: LoginThrottle,
    private readonly credentialChanges: CredentialChanges,
    @Inject(CORE_ENV) private readonly env: CoreEnv,
  ) {}

  /**
   * @throws HttpException 429 after too many failures for the username or the address;
   *         UnauthorizedException for an unknown user or a wrong password (same message for both).
   */
  async login(username: string, password: string, address: string): Promise<TokenView> {
    await this.throttle.assertAllowed(username, address);
    const user = await this.users.verify(username, password);
    if (!user) {
      await this.throttle.recordFailure(username, address);
      throw new UnauthorizedException('invalid username or password');
    }
    await this.throttle.recordSuccess(username);
    return this.tokensFor(toClaims(user));
  }

  /** Trades a refresh token (single use) for new tokens. @throws UnauthorizedException when unknown, used or expired. */
  async refresh(refreshToken: string): Promise<TokenView> {
    const claims = await this.users.redeemToken(refreshToken, 'refresh');
    if (!claims) throw new UnauthorizedException('refresh token is invalid, used or expired');
    return this.tokensFor(claims);
  }

  /** Claims of a bearer credential: an API token (`ogt_…`) or a JWT. @throws UnauthorizedException otherwise. */
  async authenticate(bearer: string): Promise<AuthUser> {
    if (bearer.startsWith(TOKEN_PREFIX.api)) {
      const claims = await this.users.redeemToken(bearer, 'api');
      if (!claims) throw new UnauthorizedException('API token is invalid, revoked or expired');
      return claims;
    }
    const entry = await this.verifiedEntry(bearer);
    if (!(await this.credentialChanges.accepts(entry.claims.sub, entry.issuedAt)))
      throw new UnauthorizedException('access token predates a change to this user: log in again');
    return entry.claims;
  }

  /** Claims of a JWT whose signature and expiry check out (memoised). @throws UnauthorizedException otherwise. */
  private async verifiedEntry(bearer: string): Promise<{ claims: AuthUser; issuedAt: number; expiresAt: number }> {
    const cached = this.verified.get(bearer);
    if (cached && cached.expiresAt > Date.now()) return cached;
    try {
      const { sub, username, roles, units, iat, exp } = await this.jwt.verifyAsync<
        AuthUser & { iat: number; exp: number }
      >(bearer);
      const entry = { claims: { sub, username, roles, units: units ?? [] }, issuedAt: iat, expiresAt: exp * 1000 };
      if (this.verified.size >= VERIFIED_CACHE_SIZE) this.verified.delete(this.verified.keys().next().value!);
      this.verified.set(bearer, entry);
      return entry;
    } catch {
      this.verified.delete(bearer);
      throw new UnauthorizedException('invalid or expired access token');
    }
  }

  private async tokensFor(claims: AuthUser): Promise<TokenView> {
    const accessToken = await this.jwt.signAsync({ ...claims }, { expiresIn: this.env.OG_JWT_TTL_SECONDS });
    const refresh = await this.users.issueToken(claims.sub, 'refresh', 'login', this.env.OG_REFRESH_TTL_SECONDS * 1000);
    return { accessToken, tokenType: 'Bearer', expiresIn: this.env.OG_JWT_TTL_SECONDS, refreshToken: refresh.token };
  }
}
