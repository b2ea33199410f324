/**
 * JSON texts kept by key with the database version they were built at (a counter bumped by a trigger on every change
 * to the rows they show, whoever makes it: this og-core, another instance, SQL by hand). A copy is used only while
 * its version is still the current one, which the caller reads on every request: nothing stale is ever served, and
 * a page that did not change is not rebuilt. Oldest keys are dropped beyond `maxKeys`.
 */
export class VersionedCache {
  private readonly entries = new Map<string, { version: string; json: string }>();

  /** @param maxKeys most keys kept (each holds one JSON text). */
  constructor(private readonly maxKeys: number) {}

  /**
   * The text of `key` at `version`: the kept copy when it was built at that version, otherwise `build()`'s, then
   * kept. `version` must be read before `build()` reads the rows, so that a change landing in between only costs one
   * more build, never a stale copy.
   */
  async get(key: string, version: string, build: () => Promise<string>): Promise<string> {
    const kept = this.entries.get(key);
    if (kept?.version === version) return kept.json;
    const json = await build();
    this.entries.delete(key);
    this.entries.set(key, { version, json });
    if (this.entries.size > this.maxKeys) this.entries.delete(this.entries.keys().next().value!);
    return json;
  }
}
