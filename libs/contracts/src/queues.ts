/** BullMQ queue names. Wire contract between producers and workers: never rename. */
export const QUEUES = {
  /** og-core: one job per (command, client): send the order to the agent. */
  agentDispatch: 'og-core-agent-dispatch',
  /** og-core: verified webhooks waiting to be applied. */
  webhookInbox: 'og-core-webhook-inbox',
  /** og-repository: compute auxiliary files of an image. */
  auxiliaryFiles: 'og-repository-auxiliary-files',
  /** og-repository: signed webhooks to og-core. */
  repositoryOutbox: 'og-repository-outbox',
} as const;

/** Job names, one handler each. Wire contract. */
export const JOBS = {
  dispatchOrder: 'dispatch-order',
  applyAgentEvent: 'apply-agent-event',
  applyRepositoryEvent: 'apply-repository-event',
  computeAuxiliaryFiles: 'compute-auxiliary-files',
  deliverWebhook: 'deliver-webhook',
} as const;

/** Payload of {@link JOBS.dispatchOrder}: the trace to send. */
export interface DispatchOrderJob {
  traceId: string;
}

/** Payload of {@link JOBS.computeAuxiliaryFiles}. */
export interface ComputeAuxiliaryFilesJob {
  /** Canonical image name. */
  name: string;
}

/** Payload of {@link JOBS.deliverWebhook}: the exact body to sign and POST. */
export interface DeliverWebhookJob {
  eventId: string;
  url: string;
  body: string;
}
