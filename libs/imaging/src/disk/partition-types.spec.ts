import { partitionCodeFromSfdisk, resolveMsdosTypeCode } from './partition-types';

describe('resolveMsdosTypeCode', () => {
  it.each([
    ['LINUX', '83'],
    ['linux', '83'],
    ['CACHE', 'ca'],
    ['EMPTY', '0'],
    ['NTFS', '7'],
    ['EXTENDED', '5'],
    ['83', '83'],
    ['0x83', '83'],
    ['CA', 'ca'],
    ['07', '7'],
  ])('maps %s to %s', (cpt, code) => expect(resolveMsdosTypeCode(cpt)).toBe(code));

  it('refuses unknown mnemonics and GPT-sized codes', () => {
    expect(resolveMsdosTypeCode('WINDOWZ')).toBeNull();
    expect(resolveMsdosTypeCode('8300')).toBeNull();
  });
});

describe('partitionCodeFromSfdisk', () => {
  it('keeps MSDOS ids short and maps GPT GUIDs to gdisk codes', () => {
    expect(partitionCodeFromSfdisk('83')).toBe('83');
    expect(partitionCodeFromSfdisk('0c')).toBe('c');
    expect(partitionCodeFromSfdisk('EBD0A0A2-B9E5-4433-87C0-68B6B72699C7')).toBe('0700');
    expect(partitionCodeFromSfdisk('11111111-2222-3333-4444-555555555555')).toBe(
      '11111111-2222-3333-4444-555555555555',
    );
  });
});
