/** Route prefix of og-repository's API (as OpenGnsys 2's ogRepository). Wire contract. */
export const REPOSITORY_API_PREFIX = 'ogrepository/v1';

/** Auxiliary files og-repository keeps beside `<name>.img`. Wire contract (OpenGnsys file names). */
export const AUXILIARY_SUFFIXES = ['sum', 'full.sum', 'size', 'info', 'torrent'] as const;
export type AuxiliarySuffix = (typeof AUXILIARY_SUFFIXES)[number];

/**
 * Paths of og-repository, relative to its base URL (`http://127.0.68.55:8006`).
 * - `PUT  images/{name}/file` streams `<name>.img` in (chunked; trailers `x-og-content-md5`, `x-og-content-length`).
 * - `GET|HEAD images/{name}/file` streams it out (`Range` supported).
 * - `GET  images/{name}/file/{suffix}` returns an auxiliary file (`sum`, `full.sum`, `size`, `info`, `torrent`).
 * - `GET  images/{name}/check`, `PUT images` (rescan), `DELETE images/{name}` (to trash), `POST images/{name}/import`.
 * - `GET  trash/images`, `POST|DELETE trash/images/{name}` (recover / purge), `GET status`.
 */
export const repositoryPaths = {
  images: () => `/${REPOSITORY_API_PREFIX}/images`,
  image: (name: string) => `/${REPOSITORY_API_PREFIX}/images/${encodeURIComponent(name)}`,
  imageFile: (name: string) => `/${REPOSITORY_API_PREFIX}/images/${encodeURIComponent(name)}/file`,
  imageCheck: (name: string) => `/${REPOSITORY_API_PREFIX}/images/${encodeURIComponent(name)}/check`,
  imageImport: (name: string) => `/${REPOSITORY_API_PREFIX}/images/${encodeURIComponent(name)}/import`,
  trash: () => `/${REPOSITORY_API_PREFIX}/trash/images`,
  trashedImage: (name: string) => `/${REPOSITORY_API_PREFIX}/trash/images/${encodeURIComponent(name)}`,
  status: () => `/${REPOSITORY_API_PREFIX}/status`,
  auxiliaryFile: (name: string, suffix: AuxiliarySuffix) =>
    `/${REPOSITORY_API_PREFIX}/images/${encodeURIComponent(name)}/file/${suffix}`,
};
