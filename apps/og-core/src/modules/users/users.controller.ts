import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser } from '@core/common/current-user.decorator';
import { ApiPageOf, Page } from '@core/common/pagination';
import { MinRole } from '@core/modules/access/roles';
import { UserTokenEntity } from './user-token.entity';
import {
  ChangePasswordDto,
  CreateApiTokenDto,
  CreateUserDto,
  IssuedApiTokenView,
  UpdateUserDto,
  UserQuery,
} from './user.dto';
import { UserEntity } from './user.entity';
import { UsersService } from './users.service';

@ApiTags('users')
@ApiBearerAuth()
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  /** The caller. */
  @Get('me')
  @ApiOkResponse({ type: UserEntity })
  me(@CurrentUser() user: AuthUser): Promise<UserEntity> {
    return this.users.get(user.sub);
  }

  /** Changes the caller's password; their refresh and API tokens are revoked. */
  @Put('me/password')
  @MinRole('viewer')
  @HttpCode(204)
  changePassword(@CurrentUser() user: AuthUser, @Body() dto: ChangePasswordDto): Promise<void> {
    return this.users.changeOwnPassword(user.sub, dto.currentPassword, dto.newPassword);
  }

  /** Issues an API token to the caller, for scripts. */
  @Post('me/api-tokens')
  @MinRole('viewer')
  @ApiCreatedResponse({ type: IssuedApiTokenView })
  issueOwnToken(@CurrentUser() user: AuthUser, @Body() dto: CreateApiTokenDto): Promise<IssuedApiTokenView> {
    return this.users.issueApiToken(user.sub, dto);
  }

  @Get('me/api-tokens')
  @ApiOkResponse({ type: [UserTokenEntity] })
  listOwnTokens(@CurrentUser() user: AuthUser): Promise<UserTokenEntity[]> {
    return this.users.listApiTokens(user.sub);
  }

  @Delete('me/api-tokens/:tokenId')
  @MinRole('viewer')
  @HttpCode(204)
  revokeOwnToken(@CurrentUser() user: AuthUser, @Param('tokenId', ParseUUIDPipe) tokenId: string): Promise<void> {
    return this.users.revokeApiToken(user.sub, tokenId);
  }

  @Get()
  @MinRole('super-admin')
  @ApiPageOf(UserEntity)
  list(@Query() q: UserQuery): Promise<Page<UserEntity>> {
    return this.users.list(q);
  }

  @Get(':id')
  @MinRole('super-admin')
  @ApiOkResponse({ type: UserEntity })
  get(@Param('id', ParseUUIDPipe) id: string): Promise<UserEntity> {
    return this.users.get(id);
  }

  @Post()
  @MinRole('super-admin')
  @ApiCreatedResponse({ type: UserEntity })
  create(@Body() dto: CreateUserDto): Promise<UserEntity> {
    return this.users.create(dto);
  }

  @Patch(':id')
  @MinRole('super-admin')
  @ApiOkResponse({ type: UserEntity })
  update(@Param('id', ParseUUIDPipe) id: string, @Body() dto: UpdateUserDto): Promise<UserEntity> {
    return this.users.update(id, dto);
  }

  @Delete(':id')
  @MinRole('super-admin')
  @HttpCode(204)
  remove(@Param('id', ParseUUIDPipe) id: string): Promise<void> {
    return this.users.remove(id);
  }

  /** Issues an API token to a user (for an integration account). */
  @Post(':id/api-tokens')
  @MinRole('super-admin')
  @ApiCreatedResponse({ type: IssuedApiTokenView })
  async issueToken(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: CreateApiTokenDto,
  ): Promise<IssuedApiTokenView> {
    await this.users.get(id);
    return this.users.issueApiToken(id, dto);
  }

  @Delete(':id/api-tokens/:tokenId')
  @MinRole('super-admin')
  @HttpCode(204)
  revokeToken(@Param('id', ParseUUIDPipe) id: string, @Param('tokenId', ParseUUIDPipe) tokenId: string): Promise<void> {
    return this.users.revokeApiToken(id, tokenId);
  }
}
