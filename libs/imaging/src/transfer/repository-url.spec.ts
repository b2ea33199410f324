import { repositoryBaseUrl } from './repository-url';

describe('repositoryBaseUrl', () => {
  it.each([
    ['192.168.68.55', 'http://192.168.68.55:8006'],
    ['127.0.0.5:9000', 'http://127.0.0.5:9000'],
    ['repo.example.org', 'http://repo.example.org:8006'],
    ['http://127.0.0.5:9000/', 'http://127.0.0.5:9000'],
    ['https://repo.example.org/base/', 'https://repo.example.org/base'],
    ['[::1]', 'http://[::1]:8006'],
    ['[::1]:9000', 'http://[::1]:9000'],
  ])('turns %s into %s', (ipr, url) => expect(repositoryBaseUrl(ipr, 8006)).toBe(url));

  it('refuses garbage', () => {
    expect(() => repositoryBaseUrl('not a host', 8006)).toThrow();
  });
});
