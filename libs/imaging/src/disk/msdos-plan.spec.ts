import { msdosSfdiskScript, planMsdosTable } from './msdos-plan';

const disk = { device: '/dev/loop3', sizeBytes: 600 * 1024 * 1024, sectorSize: 512 };

describe('planMsdosTable', () => {
  it('places partitions on 1 MiB boundaries in number order', () => {
    const planned = planMsdosTable(
      [
        { par: 4, code: 'ca', sizeKiB: 250 * 1024 },
        { par: 1, code: '83', sizeKiB: 200 * 1024 + 1 },
        { par: 2, code: '83', sizeKiB: 100 * 1024 },
      ],
      disk,
    );
    expect(planned.map((p) => [p.par, p.startSector])).toEqual([
      [1, 2048],
      [2, 2048 + 409600 + 2048],
      [4, 2048 + 409600 + 2048 + 204800],
    ]);
    expect(msdosSfdiskScript(planned)).toContain('/dev/loop3p1 : start=2048, size=409602, type=83');
  });

  it('refuses partitions that do not fit, naming tam', () => {
    expect(() => planMsdosTable([{ par: 1, code: '83', sizeKiB: 600 * 1024 }], disk)).toThrow(/do not fit/);
  });

  it('refuses duplicate numbers, numbers above 4 and extended partitions', () => {
    expect(() =>
      planMsdosTable(
        [
          { par: 1, code: '83', sizeKiB: 1 },
          { par: 1, code: '83', sizeKiB: 1 },
        ],
        disk,
      ),
    ).toThrow(/twice/);
    expect(() => planMsdosTable([{ par: 5, code: '83', sizeKiB: 1 }], disk)).toThrow(/1–4/);
    expect(() => planMsdosTable([{ par: 2, code: '5', sizeKiB: 1 }], disk)).toThrow(/extended/);
  });
});
