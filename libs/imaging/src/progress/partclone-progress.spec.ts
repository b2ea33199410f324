import { PartcloneProgress, PartcloneProgressStream, parsePartcloneProgress } from './partclone-progress';

/** Captured from `partclone.extfs -c -s fs.img -o - 2>err` (partclone 0.3.23) on this project's machines. */
const CAPTURED =
  'Partclone v0.3.23 http://partclone.org\nStarting to clone device (fs.img) to image (-)\nReading Super Block\n' +
  'Calculating bitmap... Please wait... \r' +
  ' '.repeat(80) +
  '\rElapsed: 00:00:01, Remaining: 00:00:00, Completed: 100.00%\n' +
  'Total Time: 00:00:01, 100.00% completed!\ndone!\nFile system:  EXTFS\nDevice size:   67.1 MB = 65536 Blocks\n' +
  '\r' +
  ' '.repeat(80) +
  '\rElapsed: 00:00:01, Remaining: 00:01:39, Completed:   1.00%,   0.00byte/min,\n' +
  '\r' +
  ' '.repeat(80) +
  '\rcurrent block:          0, total block:      65536, Complete:   0.00%\x1b[A\r\r' +
  ' '.repeat(80) +
  '\rElapsed: 00:00:02, Remaining: 00:00:00, Completed: 100.00%, Rate: 921.38MB/min,\n' +
  '\r' +
  ' '.repeat(80) +
  '\rcurrent block:      57603, total block:      65536, Complete: 100.00%\r\n' +
  'Total Time: 00:00:02, Ave. Rate:  921.4MB/min, 100.00% completed!\nSyncing... OK!\n';

describe('parsePartcloneProgress', () => {
  it('reads percent and rate of a line with Rate:', () => {
    expect(
      parsePartcloneProgress('Elapsed: 00:00:02, Remaining: 00:00:00, Completed: 100.00%, Rate: 921.38MB/min,'),
    ).toEqual({
      percent: 100,
      rateBytesPerSecond: Math.round(921.38e6 / 60),
      elapsedSeconds: 2,
      remainingSeconds: 0,
      copying: true,
    });
  });

  it('reads the first line, whose rate has no Rate: label', () => {
    expect(
      parsePartcloneProgress('Elapsed: 00:00:01, Remaining: 00:01:39, Completed:   1.00%,   0.00byte/min,'),
    ).toEqual({
      percent: 1,
      rateBytesPerSecond: 0,
      elapsedSeconds: 1,
      remainingSeconds: 99,
      copying: true,
    });
  });

  it('reads GB/min and a bitmap line without a rate', () => {
    expect(
      parsePartcloneProgress('Elapsed: 01:00:00, Remaining: 00:00:10, Completed:  45.12%,   1.23GB/min,')
        ?.rateBytesPerSecond,
    ).toBe(20_500_000);
    expect(
      parsePartcloneProgress('Elapsed: 00:00:01, Remaining: 00:00:00, Completed: 100.00%')?.rateBytesPerSecond,
    ).toBe(0);
  });

  it('ignores other lines', () => {
    expect(parsePartcloneProgress('current block:      57603, total block:      65536, Complete: 100.00%')).toBeNull();
    expect(parsePartcloneProgress('Total Time: 00:00:02, Ave. Rate:  921.4MB/min, 100.00% completed!')).toBeNull();
  });
});

describe('PartcloneProgressStream', () => {
  it('finds every progress report in real stderr split into arbitrary chunks', () => {
    const seen: PartcloneProgress[] = [];
    const stream = new PartcloneProgressStream((p) => seen.push(p));
    for (let i = 0; i < CAPTURED.length; i += 7) stream.push(Buffer.from(CAPTURED.slice(i, i + 7)));
    expect(seen.map((p) => p.percent)).toEqual([1, 100]);
    expect(seen[1].rateBytesPerSecond).toBe(Math.round(921.38e6 / 60));
  });
});
