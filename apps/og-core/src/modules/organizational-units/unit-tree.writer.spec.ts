import { UnitTreeRow, writeUnitTree } from './unit-tree.writer';

const row = (id: string, parentId: string | null, name = id): UnitTreeRow => ({
  id,
  parentId,
  head: `${JSON.stringify({ id, name, type: 'classroom', parentId }).slice(0, -1)},"children":[`,
});

describe('writeUnitTree', () => {
  it('nests children under their parents in the order of the rows', () => {
    const text = writeUnitTree([row('a', null), row('c', 'a'), row('b', 'a'), row('d', 'c')]);
    expect(JSON.parse(text)).toEqual([
      {
        id: 'a',
        name: 'a',
        type: 'classroom',
        parentId: null,
        children: [
          {
            id: 'c',
            name: 'c',
            type: 'classroom',
            parentId: 'a',
            children: [{ id: 'd', name: 'd', type: 'classroom', parentId: 'c', children: [] }],
          },
          { id: 'b', name: 'b', type: 'classroom', parentId: 'a', children: [] },
        ],
      },
    ]);
  });

  it('makes a unit whose parent is not listed a root (a scoped caller’s own unit)', () => {
    const text = writeUnitTree([row('x', 'hidden'), row('y', 'x'), row('z', 'other')]);
    expect(JSON.parse(text).map((n: { id: string }) => n.id)).toEqual(['x', 'z']);
    expect(text).toBe(JSON.stringify(JSON.parse(text)));
  });

  it('writes an empty tree as an empty array', () => {
    expect(writeUnitTree([])).toBe('[]');
  });
});
