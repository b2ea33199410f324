import { execFileSync } from 'node:child_process';
import { DEFAULT_BOOT_OS_COMMAND } from '@agent/config/env';
import { bootCommand, shellQuote } from './power.workflow';

describe('bootCommand', () => {
  const target = { disk: 1, partition: 2, device: '/dev/nvme0n1p2', diskDevice: '/dev/nvme0n1' };

  it('replaces every placeholder, also repeated ones, and leaves other braces alone', () => {
    expect(bootCommand('efibootmgr -d {disk_device} -p {partition} # {disk} {device} {device} {other}', target)).toBe(
      'efibootmgr -d /dev/nvme0n1 -p 2 # 1 /dev/nvme0n1p2 /dev/nvme0n1p2 {other}',
    );
  });

  it('quotes values so the shell sees each as one word', () => {
    const odd = bootCommand('printf "%s|" {device}', { ...target, device: "/dev/disk/by-label/it's mine" });
    expect(execFileSync('/bin/sh', ['-c', odd]).toString()).toBe("/dev/disk/by-label/it's mine|");
    expect(shellQuote('/dev/sda1')).toBe('/dev/sda1');
  });

  it('makes the default kexec command valid shell with the partition device in it', () => {
    const cmd = bootCommand(DEFAULT_BOOT_OS_COMMAND, target);
    expect(cmd).toContain('mount -o ro /dev/nvme0n1p2');
    expect(cmd).not.toMatch(/\{(disk|partition|device|disk_device)\}/);
    expect(() => execFileSync('/bin/sh', ['-n', '-c', cmd])).not.toThrow();
  });
});
