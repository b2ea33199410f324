import { osStatusOf, statusAfter, statusWhenAgentStops, successMessage } from './job-outcome';

describe('statusAfter', () => {
  it('turns a client off after a successful power-off', () => {
    expect(statusAfter('power-off', 'success', 'busy')).toBe('off');
    expect(statusAfter('power-off', 'success', 'off')).toBe('off');
  });

  it('keeps what a rebooting or OS-booting client’s agent already announced', () => {
    expect(statusAfter('reboot', 'success', 'off')).toBeNull();
    expect(statusAfter('reboot', 'success', 'og-live')).toBeNull();
    expect(statusAfter('boot-os', 'success', 'off')).toBeNull();
  });

  it('gives a client whose boot-os succeeded the status of the OS it booted, whatever the agent said before', () => {
    expect(statusAfter('boot-os', 'success', 'busy', 'windows')).toBe('windows');
    expect(statusAfter('boot-os', 'success', 'off', 'linux')).toBe('linux');
    expect(statusAfter('boot-os', 'failed', 'busy', 'linux')).toBe('og-live');
    expect(statusAfter('reboot', 'success', 'busy', 'linux')).toBe('og-live');
  });

  it('ends the busy of a reboot or OS boot whose agent has not announced its stop yet', () => {
    expect(statusAfter('reboot', 'success', 'busy')).toBe('og-live');
    expect(statusAfter('boot-os', 'success', 'busy')).toBe('og-live');
  });

  it('puts the client back in ogLive after any other job, and after any failure (the agent is still there)', () => {
    expect(statusAfter('software-inventory', 'success', 'busy')).toBe('og-live');
    expect(statusAfter('refresh', 'success', 'busy')).toBe('og-live');
    expect(statusAfter(undefined, 'success', 'busy')).toBe('og-live');
    expect(statusAfter('power-off', 'failed', 'busy')).toBe('og-live');
    expect(statusAfter('reboot', 'failed', 'off')).toBe('og-live');
  });
});

describe('osStatusOf', () => {
  it('reads the OS name first, then the filesystem, and says null when neither tells', () => {
    expect(osStatusOf({ os: 'Windows 11 Pro', filesystem: 'NTFS' })).toBe('windows');
    expect(osStatusOf({ os: 'Debian GNU/Linux 12 (bookworm)', filesystem: 'EXT4' })).toBe('linux');
    expect(osStatusOf({ os: 'macOS 14.2', filesystem: 'APFS' })).toBe('macos');
    expect(osStatusOf({ os: null, filesystem: 'NTFS' })).toBe('windows');
    expect(osStatusOf({ os: '', filesystem: 'BTRFS' })).toBe('linux');
    expect(osStatusOf({ os: null, filesystem: 'FAT32' })).toBeNull();
    expect(osStatusOf(undefined)).toBeNull();
  });
});

describe('statusWhenAgentStops', () => {
  it('turns the client off unless a boot-os handed it to its installed OS', () => {
    expect(statusWhenAgentStops('og-live')).toBe('off');
    expect(statusWhenAgentStops('busy')).toBe('off');
    expect(statusWhenAgentStops('linux')).toBe('linux');
    expect(statusWhenAgentStops('windows')).toBe('windows');
  });
});

describe('successMessage', () => {
  it('says plainly that a job finished when there is nothing to note', () => {
    expect(successMessage({})).toBe('finished successfully');
  });

  it('lists the CACHE’s images, or says it holds none', () => {
    expect(successMessage({ cacheImages: ['a.img', 'b.img'] })).toBe('finished successfully; CACHE holds a.img, b.img');
    expect(successMessage({ cacheImages: [] })).toBe('finished successfully; CACHE holds no images');
  });

  it('notes the restore rules that applied, in order', () => {
    expect(
      successMessage({ method: 'UNICAST-DIRECT', fallback: 'NO_CACHE', cacheHit: false, resumedFromBytes: 0 }),
    ).toBe('finished successfully; fell back to UNICAST-DIRECT (NO_CACHE)');
    expect(successMessage({ cacheAction: 'DELETE', cacheHit: true })).toBe(
      'finished successfully; CACHE emptied to make room; cached copy matched, download skipped',
    );
  });
});
