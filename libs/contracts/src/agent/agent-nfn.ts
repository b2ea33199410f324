/** Function names (`nfn`) the agent accepts at `POST /CloningEngine/<nfn>`. Wire contract (OpenGnsys names). */
export const AGENT_NFN = {
  RestaurarImagen: 'RestaurarImagen',
  CrearImagen: 'CrearImagen',
  Configurar: 'Configurar',
  InventarioHardware: 'InventarioHardware',
  EjecutarScript: 'EjecutarScript',
  InventarioSoftware: 'InventarioSoftware',
  ActualizarCache: 'ActualizarCache',
  EliminarImagenCache: 'EliminarImagenCache',
  IniciarSesion: 'IniciarSesion',
  Apagar: 'Apagar',
  Reiniciar: 'Reiniciar',
  Actualizar: 'Actualizar',
} as const;
export type AgentNfn = (typeof AGENT_NFN)[keyof typeof AGENT_NFN];

/** Agent job id: `<nfn>-<8 lower-case hex>`, e.g. `RestaurarImagen-dfa42888`. */
export const AGENT_JOB_ID = /^([A-Za-z]+)-([0-9a-f]{8})$/;

/** Route prefix of the agent's cloning engine. Wire contract. */
export const CLONING_ENGINE_PREFIX = 'CloningEngine';

/**
 * Restore methods. The wire accepts OpenGnsys' spellings case-insensitively
 * (`unicast` = `UNICAST-CACHE`, `unicast-direct`); the agent normalises to these values.
 */
export const RESTORE_METHODS = ['UNICAST-CACHE', 'UNICAST-DIRECT'] as const;
export type RestoreMethod = (typeof RESTORE_METHODS)[number];

/** Maps a wire method (`unicast`, `UNICAST`, `unicast-cache`, `unicast-direct`) to a {@link RestoreMethod}; null if unknown. */
export function normalizeRestoreMethod(method: unknown): RestoreMethod | null {
  if (typeof method !== 'string') return null;
  const upper = method.trim().toUpperCase();
  if (upper === 'UNICAST' || upper === 'UNICAST-CACHE') return 'UNICAST-CACHE';
  if (upper === 'UNICAST-DIRECT') return 'UNICAST-DIRECT';
  return null;
}
