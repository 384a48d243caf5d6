import { isIP } from 'node:net';

/** Whether `hostname` (as a URL gives it, IPv6 in brackets) names this machine. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  if (isIP(host) === 4) return host.startsWith('127.');
  return host === '::1';
}

/**
 * Why the issuer URL may not be used, or null when it may. Over plain http the discovery document,
 * keys and tokens could be forged on the way, so http is allowed only on this machine (an IdP beside
 * the app) or when OIDC_ALLOW_HTTP opts in. Unlike storage back ends, issuers are not confined to
 * some networks: an IdP on the LAN or the internet is the normal case, and only instance admins
 * configure them.
 */
export function issuerProblem(issuerUrl: string, allowHttp: boolean): string | null {
  let url: URL;
  try {
    url = new URL(issuerUrl);
  } catch {
    return 'is not a URL';
  }
  if (url.protocol === 'https:') return null;
  if (url.protocol !== 'http:') return 'must be an https:// URL';
  if (allowHttp || isLoopbackHost(url.hostname)) return null;
  return 'must be an https:// URL (http:// only for this machine, or with OIDC_ALLOW_HTTP=true)';
}
