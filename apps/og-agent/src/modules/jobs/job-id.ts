import { randomBytes } from 'node:crypto';
import type { AgentNfn } from '@og/contracts';

/** A new job id `<nfn>-<8 lower-case hex>` (contracts' AGENT_JOB_ID), e.g. `RestaurarImagen-dfa42888`. */
export function newJobId(nfn: AgentNfn): string {
  return `${nfn}-${randomBytes(4).toString('hex')}`;
}
