import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/config.js';
import { hostAdmitted, hostAllowed, hostPolicy, isLoopbackBind, splitHost } from '../../../src/auth/hostAllowList.js';

describe('the Host allow-list', () => {
  it('by default checks only a loopback bind, and there only in local mode, taking loopback names on any port', () => {
    for (const bind of ['127.0.0.1', '::1', '[::1]', 'localhost', '127.0.1.1']) expect([bind, isLoopbackBind(bind)]).toEqual([bind, true]);
    for (const bind of ['0.0.0.0', '::', '10.0.0.5', 'insights.example.com']) expect([bind, isLoopbackBind(bind)]).toEqual([bind, false]);
    const local = hostPolicy(undefined, '127.0.0.1');
    expect(local.check).toBe('local');
    for (const h of ['localhost:4000', '127.0.0.1', '[::1]:80', 'LocalHost.:1', undefined, '']) expect([h, hostAllowed(h, local)]).toEqual([h, true]);
    for (const h of ['evil.example:4000', 'localhost.evil.example', '127.0.0.1.nip.io', '::1', '[::2]:4000', '10.0.0.5:4000']) expect([h, hostAllowed(h, local)]).toEqual([h, false]);
    // A public bind without a list: API keys are the wall, every Host passes.
    expect(hostPolicy(undefined, '0.0.0.0').check).toBe('off');
    expect(hostAllowed('evil.example', hostPolicy(undefined, '0.0.0.0'))).toBe(true);
  });

  it('lets a foreign Host through a loopback bind once the server is keyed, unless a list is configured', async () => {
    const local = hostPolicy(undefined, '127.0.0.1');
    const keyless = async () => true;
    const keyed = async () => false;
    let asked = 0;
    const counted = async () => (asked++, false);
    // Local mode: a rebinding Host is refused; keyed (a proxy's Host on 127.0.0.1): it passes.
    expect(await hostAdmitted('evil.example:4000', local, keyless)).toBe(false);
    expect(await hostAdmitted('insights.example.com', local, keyed)).toBe(true);
    // A loopback Host needs no mode lookup.
    expect([await hostAdmitted('localhost:4000', local, counted), asked]).toEqual([true, 0]);
    // Mode unknown (the lookup failed): treated as local mode, so the Host is refused.
    expect(await hostAdmitted('evil.example', local, () => Promise.reject(new Error('down')))).toBe(false);
    // A configured list checks in any mode; `*` never does.
    const listed = hostPolicy(['insights.example.com'], '127.0.0.1');
    expect(listed.check).toBe('on');
    expect(await hostAdmitted('insights.example.com', listed, keyed)).toBe(true);
    expect(await hostAdmitted('evil.example', listed, keyed)).toBe(false);
    expect(await hostAdmitted('evil.example', hostPolicy(['*'], '127.0.0.1'), keyless)).toBe(true);
    expect(await hostAdmitted('evil.example', hostPolicy(undefined, '0.0.0.0'), keyless)).toBe(true);
  });

  it('INSIGHTQL_ALLOWED_HOSTS adds names (any port) or name:port pairs, on any bind; * turns it off', () => {
    const p = hostPolicy(loadConfig({ INSIGHTQL_ALLOWED_HOSTS: 'Insights.Example.com, pinned.example.com:8443,[fd00::1]' } as NodeJS.ProcessEnv).allowedHosts, '0.0.0.0');
    expect(p.check).toBe('on');
    expect(['insights.example.com:443', 'insights.example.com', 'pinned.example.com:8443', '[fd00::1]:4000', 'localhost:4000'].map((h) => hostAllowed(h, p))).toEqual([true, true, true, true, true]);
    expect(['pinned.example.com:4000', 'pinned.example.com', 'evil.example'].map((h) => hostAllowed(h, p))).toEqual([false, false, false]);
    expect(hostAllowed('evil.example', hostPolicy(loadConfig({ INSIGHTQL_ALLOWED_HOSTS: '*' } as NodeJS.ProcessEnv).allowedHosts, '127.0.0.1'))).toBe(true);
    expect(loadConfig({} as NodeJS.ProcessEnv).allowedHosts).toBeUndefined();
    expect(() => loadConfig({ INSIGHTQL_ALLOWED_HOSTS: 'https://x.example' } as NodeJS.ProcessEnv)).toThrow(/INSIGHTQL_ALLOWED_HOSTS/);
  });

  it('reads Host values as a browser sends them', () => {
    expect(splitHost('[::1]:4000')).toEqual({ name: '[::1]', port: '4000' });
    expect(splitHost('Example.COM.')).toEqual({ name: 'example.com', port: null });
    expect(splitHost('a.b:80')).toEqual({ name: 'a.b', port: '80' });
    // Unbracketed IPv6 is not a Host a browser sends: it stays whole and matches nothing.
    expect(splitHost('::1')).toEqual({ name: '::1', port: null });
  });
});
