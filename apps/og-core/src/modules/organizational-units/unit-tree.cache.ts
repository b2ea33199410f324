/** Most scopes (the whole tree, or one set of units of a scoped user) whose tree JSON is kept. */
const MAX_SCOPES = 256;

/**
 * The JSON text of the unit tree per scope, with the `organizational_units_version` it was built at. A copy is used
 * only while that version is still the database's current one, which every read checks: a change made by any og-core
 * instance (or by hand in SQL) is seen by the next read. Units change rarely and every console opens with the tree.
 */
export class UnitTreeCache {
  private readonly trees = new Map<string, { version: string; json: string }>();

  /**
   * The tree of `scopeKey` at `version`: the kept copy when it was built at that version, otherwise `build()`'s,
   * then kept. `version` must be read before `build()` reads the units, so that a change landing in between only
   * costs one more build, never a stale copy.
   */
  async get(scopeKey: string, version: string, build: () => Promise<string>): Promise<string> {
    const kept = this.trees.get(scopeKey);
    if (kept?.version === version) return kept.json;
    const json = await build();
    this.trees.delete(scopeKey);
    this.trees.set(scopeKey, { version, json });
    if (this.trees.size > MAX_SCOPES) this.trees.delete(this.trees.keys().next().value!);
    return json;
  }
}
