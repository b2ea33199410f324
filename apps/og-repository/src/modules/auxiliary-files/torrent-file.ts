import bencode from 'bencode';

/** Value of the torrent's `created by`. */
export const TORRENT_CREATED_BY = 'ogsuite';

/** What a single-file BitTorrent v1 metainfo needs. */
export interface TorrentInput {
  /** Tracker announce URL. */
  announce: string;
  /** File name inside the torrent (`<name>.img`). */
  fileName: string;
  /** File length in bytes. */
  length: number;
  /** Piece length in bytes (4 MiB here). */
  pieceLength: number;
  /** Concatenated 20-byte SHA-1 piece hashes. */
  pieces: Buffer;
  /** Free text; OpenGnsys puts the full MD5 here (`ctorrent -c`). */
  comment: string;
  /** Unix seconds. */
  creationDate: number;
}

/**
 * Encodes a BitTorrent v1 single-file `.torrent` (bencoded; keys sorted by the encoder).
 * The `info` dictionary holds exactly `length`, `name`, `piece length`, `pieces`, as `mktorrent` writes it,
 * so the info hash equals mktorrent's for the same file and piece length.
 */
export function buildTorrent(input: TorrentInput): Buffer {
  const expectedPieces = Math.ceil(input.length / input.pieceLength);
  if (input.pieces.length !== expectedPieces * 20)
    throw new Error(`torrent: ${input.pieces.length / 20} piece hashes for ${expectedPieces} pieces`);
  return Buffer.from(
    bencode.encode({
      announce: input.announce,
      comment: input.comment,
      'created by': TORRENT_CREATED_BY,
      'creation date': input.creationDate,
      info: { length: input.length, name: input.fileName, 'piece length': input.pieceLength, pieces: input.pieces },
    }),
  );
}
