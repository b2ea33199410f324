import {
  Controller,
  DynamicModule,
  Get,
  HttpCode,
  HttpStatus,
  Inject,
  Module,
  ServiceUnavailableException,
} from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { Public } from './public.decorator';

/** A dependency the service needs to be ready (database, Redis, store directory). `check` throws when it is not. */
export interface ReadinessCheck {
  name: string;
  check(): Promise<void>;
}

/** Injection token for the readiness checks' provider. */
export const READINESS_CHECKS = Symbol('READINESS_CHECKS');

/** `/health` answer. */
export class HealthView {
  status: 'ok' | 'error';
  checks?: Record<string, 'up' | string>;
}

@ApiTags('health')
@Public()
@Controller('health')
class HealthController {
  constructor(@Inject(READINESS_CHECKS) private readonly checks: ReadinessCheck[]) {}

  /** Liveness: the process answers. */
  @Get()
  @ApiOkResponse({ type: HealthView })
  live(): HealthView {
    return { status: 'ok' };
  }

  /** Readiness: every dependency answers; 503 naming the failing ones otherwise. */
  @Get('ready')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: HealthView })
  @ApiServiceUnavailableResponse()
  async ready(): Promise<HealthView> {
    const results = await Promise.all(
      this.checks.map(async (c) => {
        try {
          await c.check();
          return [c.name, 'up'] as const;
        } catch (err) {
          return [c.name, err instanceof Error ? err.message : String(err)] as const;
        }
      }),
    );
    const checks = Object.fromEntries(results);
    if (results.some(([, r]) => r !== 'up'))
      throw new ServiceUnavailableException({ status: 'error', checks, message: 'not ready' });
    return { status: 'ok', checks };
  }
}

/** `GET /health` and `GET /health/ready`. */
@Module({})
export class HealthModule {
  /**
   * @param useFactory builds the readiness checks from injected providers.
   * @param inject tokens passed to `useFactory`.
   */
  static forRoot(options: {
    imports?: DynamicModule['imports'];
    inject?: unknown[];
    useFactory: (...deps: never[]) => ReadinessCheck[];
  }): DynamicModule {
    return {
      module: HealthModule,
      imports: options.imports ?? [],
      controllers: [HealthController],
      providers: [
        { provide: READINESS_CHECKS, useFactory: options.useFactory, inject: (options.inject ?? []) as never[] },
      ],
    };
  }
}
