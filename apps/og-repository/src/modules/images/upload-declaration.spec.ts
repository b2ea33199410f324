import { readUploadDeclaration, uploadDigestAlgorithm } from '@repository/modules/images/upload-declaration';

const MD5 = 'd41d8cd98f00b204e9800998ecf8427e';
const SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

describe('readUploadDeclaration', () => {
  it('reads the MD5 and length from the trailers of a chunked body', () => {
    const r = readUploadDeclaration({
      headers: { 'transfer-encoding': 'chunked' },
      trailers: { 'x-og-content-md5': MD5.toUpperCase(), 'x-og-content-length': '0' },
    });
    expect(r).toEqual({ ok: true, value: { algorithm: 'md5', digest: MD5, length: 0, source: 'trailers' } });
  });

  it('accepts headers when the body had a Content-Length', () => {
    const r = readUploadDeclaration({
      headers: { 'content-length': '12', 'x-og-content-md5': MD5, 'x-og-content-length': '12' },
      trailers: {},
    });
    expect(r).toEqual({ ok: true, value: { algorithm: 'md5', digest: MD5, length: 12, source: 'headers' } });
  });

  it('refuses headers on a chunked body (they cannot describe what was actually sent)', () => {
    const r = readUploadDeclaration({
      headers: { 'x-og-content-md5': MD5, 'x-og-content-length': '12' },
      trailers: {},
    });
    expect(r.ok).toBe(false);
  });

  it('refuses a malformed MD5 or length', () => {
    expect(
      readUploadDeclaration({ headers: {}, trailers: { 'x-og-content-md5': 'xyz', 'x-og-content-length': '1' } }).ok,
    ).toBe(false);
    expect(
      readUploadDeclaration({ headers: {}, trailers: { 'x-og-content-md5': MD5, 'x-og-content-length': '-1' } }).ok,
    ).toBe(false);
  });

  it('reads the SHA-256 trailer when the upload is declared by SHA-256, and nothing else', () => {
    const trailers = { 'x-og-content-sha256': SHA256.toUpperCase(), 'x-og-content-length': '0' };
    expect(readUploadDeclaration({ headers: {}, trailers }, 'sha256')).toEqual({
      ok: true,
      value: { algorithm: 'sha256', digest: SHA256, length: 0, source: 'trailers' },
    });
    expect(readUploadDeclaration({ headers: {}, trailers }, 'md5').ok).toBe(false);
    const md5Instead = { 'x-og-content-sha256': MD5, 'x-og-content-length': '0' };
    expect(readUploadDeclaration({ headers: {}, trailers: md5Instead }, 'sha256').ok).toBe(false);
  });
});

describe('uploadDigestAlgorithm', () => {
  it('is SHA-256 when the Trailer header announces x-og-content-sha256 (any case, any order)', () => {
    expect(uploadDigestAlgorithm({ trailer: 'X-OG-Content-Length, X-OG-Content-SHA256' })).toBe('sha256');
  });

  it('is SHA-256 when a Content-Length body carries it as a header', () => {
    expect(uploadDigestAlgorithm({ 'content-length': '3', 'x-og-content-sha256': SHA256 })).toBe('sha256');
  });

  it('is MD5 otherwise (curl, older agents)', () => {
    expect(uploadDigestAlgorithm({ trailer: 'x-og-content-md5, x-og-content-length' })).toBe('md5');
    expect(uploadDigestAlgorithm({})).toBe('md5');
  });
});
