import { hostsWithName } from './linux-hostname';

describe('hostsWithName', () => {
  it('renames the 127.0.1.1 line and keeps every other line', () => {
    const hosts = '127.0.0.1\tlocalhost\n127.0.1.1\tmodel.example.org model\n::1 localhost ip6-localhost\n';
    expect(hostsWithName(hosts, 'pc12')).toBe('127.0.0.1\tlocalhost\n127.0.1.1\tpc12\n::1 localhost ip6-localhost\n');
  });

  it('leaves hosts without a 127.0.1.1 line alone', () => {
    expect(hostsWithName('127.0.0.1 localhost\n', 'pc12')).toBeNull();
  });
});
