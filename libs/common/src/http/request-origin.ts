import { isIPv6 } from 'node:net';

/**
 * The parts of a request an origin is built from. Structural, so Express and Fastify requests both
 * fit: `host` is the framework's own reading of the `Host` header (Express honours `trust proxy`),
 * `socket` the connection the request came in on.
 */
export interface OriginRequest {
  protocol?: string;
  host?: string;
  headers: { host?: string | string[] };
  socket?: { localAddress?: string; localPort?: number } | null;
}

/** A DNS name of RFC 1123 labels (an IPv4 literal is one too), an optional root dot. */
const HOST_NAME =
  /^(?=.{1,254}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*\.?$/i;
const HOST_AND_PORT = /^(\[[0-9a-f:.]+\]|[^:[\]]+)(?::(\d{1,5}))?$/i;

/**
 * Whether a `Host` value is a host name or an IP literal (`[v6]` included) with an optional port, and
 * nothing else: no quotes, angle brackets, paths, credentials, zone ids or spaces that would travel
 * into a URL built from it.
 */
export function isStrictHost(value: string): boolean {
  const match = HOST_AND_PORT.exec(value);
  if (!match) return false;
  const [, host, port] = match;
  if (port !== undefined && Number(port) > 65_535) return false;
  return host!.startsWith('[') ? isIPv6(host!.slice(1, -1)) : HOST_NAME.test(host!);
}

/**
 * The origin (`https://hooks.example.com`) to put in front of links an answer carries (inbound source
 * URLs, portal links): `publicUrl` when the host configured one; otherwise the request's `Host` when
 * it passes {@link isStrictHost}; otherwise the address the server listens on, since a `Host` header is
 * whatever the client typed and would otherwise be handed back to it, and to whoever it forwards the
 * link to, as part of a URL.
 */
export function requestOrigin(request: OriginRequest, publicUrl?: string | null): string {
  if (publicUrl) return publicUrl;
  const protocol = request.protocol === 'https' ? 'https' : 'http';
  const header = request.host ?? request.headers.host;
  if (typeof header === 'string' && isStrictHost(header)) return `${protocol}://${header}`;
  return `${protocol}://${listeningAddress(request.socket)}`;
}

/** `127.0.0.1:3000`, `[::1]:3000` (an IPv4-mapped IPv6 address as IPv4); `localhost` without a socket. */
function listeningAddress(socket: OriginRequest['socket']): string {
  if (!socket?.localAddress) return 'localhost';
  const unmapped = socket.localAddress.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, '');
  const host = isIPv6(unmapped) ? `[${unmapped}]` : unmapped;
  return socket.localPort ? `${host}:${socket.localPort}` : host;
}
