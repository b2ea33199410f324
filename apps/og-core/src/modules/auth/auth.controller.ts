import { Body, Controller, HttpCode, Ip, Post } from '@nestjs/common';
import { ApiOkResponse, ApiTags, ApiTooManyRequestsResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { Public } from '@og/nest-common';
import { LoginDto, RefreshDto, TokenView } from './auth.dto';
import { AuthService } from './auth.service';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  /** Exchanges username and password for tokens. Failed logins are limited per user and per address (429). */
  @Public()
  @Post('login')
  @HttpCode(200)
  @ApiOkResponse({ type: TokenView })
  @ApiUnauthorizedResponse()
  @ApiTooManyRequestsResponse()
  login(@Body() dto: LoginDto, @Ip() address: string): Promise<TokenView> {
    return this.auth.login(dto.username, dto.password, address);
  }

  /** Exchanges a refresh token (single use) for new tokens. */
  @Public()
  @Post('refresh')
  @HttpCode(200)
  @ApiOkResponse({ type: TokenView })
  @ApiUnauthorizedResponse()
  refresh(@Body() dto: RefreshDto): Promise<TokenView> {
    return this.auth.refresh(dto.refreshToken);
  }
}
