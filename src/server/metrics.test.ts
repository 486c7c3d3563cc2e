import { describe, expect, it } from 'vitest';
import { metricsAllowed } from './metrics.ts';

const request = (remoteAddress: string, authorization?: string) => ({
  headers: authorization === undefined ? {} : { authorization },
  socket: { remoteAddress } as never,
});

describe('who may scrape /metrics', () => {
  it('without a configured token lets only loopback clients in', () => {
    expect(metricsAllowed(request('127.0.0.1'), null)).toBe(true);
    expect(metricsAllowed(request('::1'), null)).toBe(true);
    expect(metricsAllowed(request('::ffff:127.0.0.1'), null)).toBe(true);
    expect(metricsAllowed(request('10.20.0.7'), null)).toBe(false);
    expect(metricsAllowed(request('192.168.1.20', 'Bearer anything-at-all-here'), null)).toBe(false);
  });

  it('with a token wants exactly that bearer token, from anywhere, loopback included', () => {
    const token = 'scrape-4f9c1e0b7a2d6e83';
    expect(metricsAllowed(request('10.20.0.7', `Bearer ${token}`), token)).toBe(true);
    expect(metricsAllowed(request('10.20.0.7', `Bearer ${token}x`), token)).toBe(false);
    expect(metricsAllowed(request('10.20.0.7', `Basic ${token}`), token)).toBe(false);
    expect(metricsAllowed(request('10.20.0.7', token), token)).toBe(false);
    expect(metricsAllowed(request('127.0.0.1'), token)).toBe(false);
  });
});
