export * from './agent-events';
export * from './repository-events';

/** og-core's webhook routes. Wire contract. */
export const WEBHOOK_PATHS = { agent: '/webhooks/agent', repository: '/webhooks/repository' } as const;
