import { AGENT_JOB_ID } from '@og/contracts';
import { newJobId } from './job-id';

describe('newJobId', () => {
  it('makes <nfn>-<8 hex> ids that differ', () => {
    const a = newJobId('RestaurarImagen');
    expect(a).toMatch(/^RestaurarImagen-[0-9a-f]{8}$/);
    expect(AGENT_JOB_ID.exec(a)?.[1]).toBe('RestaurarImagen');
    expect(new Set(Array.from({ length: 50 }, () => newJobId('Configurar'))).size).toBe(50);
  });
});
