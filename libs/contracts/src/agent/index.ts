export * from './agent-nfn';
export * from './agent-orders.dto';
export * from './agent-responses';
