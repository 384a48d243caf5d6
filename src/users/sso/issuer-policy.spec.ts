import { isLoopbackHost, issuerProblem } from './issuer-policy.js';

describe('issuer policy', () => {
  it('takes https issuers anywhere', () => {
    expect(issuerProblem('https://auth.example.org/application/o/whiskey/', false)).toBeNull();
  });

  it('takes plain http only on this machine, unless opted in', () => {
    for (const issuer of [
      'http://127.0.0.1:9000',
      'http://localhost:9000/realms/home',
      'http://[::1]:9000',
    ]) {
      expect({ issuer, problem: issuerProblem(issuer, false) }).toEqual({ issuer, problem: null });
    }
    expect(issuerProblem('http://auth.lan', false)).toMatch(/https/);
    expect(issuerProblem('http://192.168.1.10:9000', false)).toMatch(/OIDC_ALLOW_HTTP/);
    expect(issuerProblem('http://auth.lan', true)).toBeNull();
  });

  it('refuses other schemes and non-URLs', () => {
    expect(issuerProblem('ftp://auth.example.org', true)).toMatch(/https/);
    expect(issuerProblem('not a url', true)).toMatch(/not a URL/);
  });

  it('recognises loopback names and addresses', () => {
    expect(['localhost', 'idp.localhost', '127.0.0.1', '127.8.9.10', '[::1]'].map(isLoopbackHost)).toEqual([
      true,
      true,
      true,
      true,
      true,
    ]);
    expect(['127.example.org', '10.0.0.1', '[::2]', 'localhost.example.org'].map(isLoopbackHost)).toEqual([
      false,
      false,
      false,
      false,
    ]);
  });
});
