/**
 * A unit of the tree as PostgreSQL writes it: `head` is its JSON object up to its open `children` array,
 * e.g. `{"id":"…","name":"Aula 1","type":"classroom","parentId":"…","children":[`.
 */
export interface UnitTreeRow {
  id: string;
  parentId: string | null;
  head: string;
}

/**
 * Writes the JSON text of `GET /organizational-units/tree` from `rows` (in the order siblings are listed):
 * a unit whose parent is not among the rows is a root (a scoped caller's own units). No JSON is parsed or built
 * as objects on the way; the heads are joined with their children's text.
 */
export function writeUnitTree(rows: readonly UnitTreeRow[]): string {
  const ids = new Set(rows.map((r) => r.id));
  const childrenOf = new Map<string | null, UnitTreeRow[]>();
  for (const row of rows) {
    const parent = row.parentId && ids.has(row.parentId) ? row.parentId : null;
    const siblings = childrenOf.get(parent);
    if (siblings) siblings.push(row);
    else childrenOf.set(parent, [row]);
  }
  const write = (units: UnitTreeRow[] | undefined): string =>
    (units ?? []).map((u) => `${u.head}${write(childrenOf.get(u.id))}]}`).join(',');
  return `[${write(childrenOf.get(null))}]`;
}
