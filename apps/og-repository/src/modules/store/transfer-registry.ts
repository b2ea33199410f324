import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { RepositoryTransfer } from '@og/contracts';

/** A transfer being tracked: add bytes as they move, end it once. */
export interface TrackedTransfer {
  add(bytes: number): void;
  /** Sets the expected size once known. */
  setTotal(bytes: number | null): void;
  end(): void;
}

interface Entry {
  kind: RepositoryTransfer['kind'];
  image: string;
  totalBytes: number | null;
  peer: string | null;
  startedMs: number;
  bytesDone: number;
  measure?: () => number;
}

/** The transfers this process is running now (uploads, downloads, imports), for `GET /status`. */
@Injectable()
export class TransferRegistry {
  private readonly entries = new Map<string, Entry>();

  /**
   * Starts tracking a transfer.
   * @param measure reads the bytes moved so far when they are counted elsewhere (a socket's `bytesWritten`).
   */
  start(
    kind: RepositoryTransfer['kind'],
    image: string,
    totalBytes: number | null,
    peer: string | null,
    measure?: () => number,
  ): TrackedTransfer {
    const id = randomUUID();
    const entry: Entry = { kind, image, totalBytes, peer, startedMs: Date.now(), bytesDone: 0, measure };
    this.entries.set(id, entry);
    return {
      add: (bytes) => void (entry.bytesDone += bytes),
      setTotal: (bytes) => void (entry.totalBytes = bytes),
      end: () => void this.entries.delete(id),
    };
  }

  /** Snapshot with average rates. */
  list(): RepositoryTransfer[] {
    const now = Date.now();
    return [...this.entries.values()].map((e) => {
      const bytesDone = e.measure ? e.measure() : e.bytesDone;
      return {
        kind: e.kind,
        image: e.image,
        bytesDone,
        totalBytes: e.totalBytes,
        bytesPerSecond: Math.round(bytesDone / Math.max(0.001, (now - e.startedMs) / 1000)),
        startedAt: new Date(e.startedMs).toISOString(),
        peer: e.peer,
      };
    });
  }
}
