import { requestLogLevel } from './logger';

describe('requestLogLevel', () => {
  it('logs server failures as errors, successful reads at debug, the rest at info', () => {
    expect(requestLogLevel('GET', 500)).toBe('error');
    expect(requestLogLevel('POST', 200, new Error('boom'))).toBe('error');
    expect(requestLogLevel('GET', 404)).toBe('info');
    expect(requestLogLevel('GET', 200)).toBe('debug');
    expect(requestLogLevel('HEAD', 206)).toBe('debug');
    expect(requestLogLevel('POST', 202)).toBe('info');
    expect(requestLogLevel('DELETE', 204)).toBe('info');
  });
});
