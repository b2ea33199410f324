import { readUploadDeclaration } from '@repository/modules/images/upload-declaration';

const MD5 = 'd41d8cd98f00b204e9800998ecf8427e';

describe('readUploadDeclaration', () => {
  it('reads the MD5 and length from the trailers of a chunked body', () => {
    const r = readUploadDeclaration({
      headers: { 'transfer-encoding': 'chunked' },
      trailers: { 'x-og-content-md5': MD5.toUpperCase(), 'x-og-content-length': '0' },
    });
    expect(r).toEqual({ ok: true, value: { md5: MD5, length: 0, source: 'trailers' } });
  });

  it('accepts headers when the body had a Content-Length', () => {
    const r = readUploadDeclaration({
      headers: { 'content-length': '12', 'x-og-content-md5': MD5, 'x-og-content-length': '12' },
      trailers: {},
    });
    expect(r).toEqual({ ok: true, value: { md5: MD5, length: 12, source: 'headers' } });
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
});
