import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiOkResponse, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { Public } from '@og/nest-common';
import { LoginDto, TokenView } from './auth.dto';
import { AuthService } from './auth.service';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  /** Exchanges username and password for an access token. */
  @Public()
  @Post('login')
  @HttpCode(200)
  @ApiOkResponse({ type: TokenView })
  @ApiUnauthorizedResponse()
  login(@Body() dto: LoginDto): Promise<TokenView> {
    return this.auth.login(dto.username, dto.password);
  }
}
