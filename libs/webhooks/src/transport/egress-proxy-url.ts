/**
 * Reads an egress proxy setting: `http://host:port`, optionally `http://user:password@host:port`
 * (sent as `Proxy-Authorization: Basic`; percent-encode `@`, `:` and `/` in them). The library's
 * resolver and hosts' configuration loaders share it, so both accept the same thing. Messages never
 * repeat the value, which may hold the proxy's password.
 * @throws Error saying what is wrong with it.
 */
export function parseEgressProxyUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    throw new Error('is not a URL (expected http://host:port or http://user:password@host:port)');
  }
  if (url.protocol !== 'http:') {
    throw new Error(
      `must be an http:// URL (the proxy is asked for tunnels with plain HTTP CONNECT; TLS to the endpoint runs inside them), not ${url.protocol}//`,
    );
  }
  if (url.hostname === '') throw new Error('must name the proxy host (http://host:port)');
  if (url.pathname !== '/' || url.search !== '' || url.hash !== '') {
    throw new Error('must be http://host:port with no path, query or fragment');
  }
  return url;
}
