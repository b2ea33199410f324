import { SetMetadata } from '@nestjs/common';

/** Metadata key set by {@link Public}. */
export const IS_PUBLIC = 'og:is-public';
/** Marks a route as reachable without credentials (health, login, signed webhooks). Auth guards honour it. */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(IS_PUBLIC, true);
