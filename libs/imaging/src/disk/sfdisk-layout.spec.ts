import { parseSfdiskJson, partitionNode, partitionNumberOf, SfdiskJson } from './sfdisk-layout';

const loopJson: SfdiskJson = {
  partitiontable: {
    label: 'dos',
    device: '/dev/loop3',
    unit: 'sectors',
    sectorsize: 512,
    partitions: [
      { node: '/dev/loop3p4', start: 206848, size: 204800, type: 'ca' },
      { node: '/dev/loop3p1', start: 2048, size: 204800, type: '83' },
    ],
  },
};

describe('parseSfdiskJson', () => {
  it('reads an MSDOS loop disk into bytes, lower-case codes and partition numbers', () => {
    const layout = parseSfdiskJson(loopJson, { disk: 1, device: '/dev/loop3', sizeBytes: 314572800, sectorSize: 512 });
    expect(layout).toEqual({
      disk: 1,
      device: '/dev/loop3',
      tableType: 'MSDOS',
      sizeBytes: 314572800,
      sectorSize: 512,
      partitions: [
        {
          disk: 1,
          partition: 1,
          device: '/dev/loop3p1',
          code: '83',
          filesystem: 'EMPTY',
          os: '',
          startSector: 2048,
          sizeBytes: 104857600,
          usedBytes: null,
        },
        {
          disk: 1,
          partition: 4,
          device: '/dev/loop3p4',
          code: 'ca',
          filesystem: 'EMPTY',
          os: '',
          startSector: 206848,
          sizeBytes: 104857600,
          usedBytes: null,
        },
      ],
    });
  });

  it('sorts partition numbers of ten and more numerically, not as text', () => {
    const json: SfdiskJson = {
      partitiontable: {
        label: 'gpt',
        device: '/dev/nvme0n1',
        sectorsize: 4096,
        partitions: [10, 2, 11, 1, 9].map((n) => ({
          node: `/dev/nvme0n1p${n}`,
          start: n * 256,
          size: 256,
          type: n === 1 ? 'C12A7328-F81F-11D2-BA4B-00A0C93EC93B' : '0FC63DAF-8483-4772-8E79-3D69D8477DE4',
        })),
      },
    };
    const layout = parseSfdiskJson(json, { disk: 2, device: '/dev/nvme0n1', sizeBytes: 1 << 30, sectorSize: 4096 });
    expect(layout.tableType).toBe('GPT');
    expect(layout.partitions.map((p) => p.partition)).toEqual([1, 2, 9, 10, 11]);
    expect(layout.partitions[0].code).toBe('ef00');
    expect(layout.partitions[1].code).toBe('8300');
    expect(layout.partitions[1].sizeBytes).toBe(256 * 4096);
  });

  it('reports a disk without a partition table as NONE with no partitions', () => {
    const layout = parseSfdiskJson(null, { disk: 1, device: '/dev/sda', sizeBytes: 1000, sectorSize: 512 });
    expect(layout.tableType).toBe('NONE');
    expect(layout.partitions).toEqual([]);
  });

  it('normalises 0x-prefixed and upper-case MSDOS ids', () => {
    const json: SfdiskJson = {
      partitiontable: {
        label: 'dos',
        device: '/dev/sda',
        partitions: [{ node: '/dev/sda12', start: 1, size: 1, type: '0x07' }],
      },
    };
    const layout = parseSfdiskJson(json, { disk: 1, device: '/dev/sda', sizeBytes: 1000, sectorSize: 512 });
    expect(layout.partitions[0]).toMatchObject({ partition: 12, code: '7' });
  });
});

describe('partition node names', () => {
  it.each([
    ['/dev/loop3', 12, '/dev/loop3p12'],
    ['/dev/nvme0n1', 2, '/dev/nvme0n1p2'],
    ['/dev/sda', 10, '/dev/sda10'],
    ['/dev/mmcblk0', 1, '/dev/mmcblk0p1'],
  ])('%s partition %d is %s and back', (disk, n, node) => {
    expect(partitionNode(disk, n)).toBe(node);
    expect(partitionNumberOf(disk, node)).toBe(n);
  });

  it('refuses a node of another disk', () => {
    expect(() => partitionNumberOf('/dev/loop3', '/dev/loop30p1')).toThrow();
  });
});
