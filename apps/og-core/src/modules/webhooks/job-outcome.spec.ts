import { statusAfter, successMessage } from './job-outcome';

describe('statusAfter', () => {
  it('turns a client off after a successful power-off', () => {
    expect(statusAfter('power-off', 'success')).toBe('off');
  });

  it('leaves the status of a rebooting or OS-booting client to its agent’s announcements', () => {
    expect(statusAfter('reboot', 'success')).toBeNull();
    expect(statusAfter('boot-os', 'success')).toBeNull();
  });

  it('puts the client back in ogLive after any other job, and after any failure (the agent is still there)', () => {
    expect(statusAfter('software-inventory', 'success')).toBe('og-live');
    expect(statusAfter('refresh', 'success')).toBe('og-live');
    expect(statusAfter(undefined, 'success')).toBe('og-live');
    expect(statusAfter('power-off', 'failed')).toBe('og-live');
    expect(statusAfter('reboot', 'failed')).toBe('og-live');
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
