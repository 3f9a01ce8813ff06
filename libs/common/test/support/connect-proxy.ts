import { createServer, STATUS_CODES, type IncomingMessage } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';

/** How the test proxy answers `CONNECT`: tunnel, refuse with a status, close at once, or never answer. */
export type ProxyBehaviour = 'tunnel' | number | 'close' | 'hang';

/** A `CONNECT` proxy on loopback that records what it was asked for. */
export interface TestConnectProxy {
  /** `http://127.0.0.1:<port>`. */
  url: string;
  port: number;
  /** TCP connections the proxy accepted (a refused destination must leave this at 0). */
  connections: number;
  /** Tunnels it opened (answered 200). */
  tunnels: number;
  /** Every `CONNECT` request: its target (`address:port`), `Host` and `Proxy-Authorization`. */
  requests: { target: string; host: string | undefined; authorization: string | undefined }[];
  behaviour: ProxyBehaviour;
  close(): Promise<void>;
}

/**
 * A small forward proxy for the egress-proxy tests: node:http's `'connect'` event, a socket to the
 * requested target (or to `route(target)`, so a test can ask for a public address and still land on
 * its loopback endpoint), bytes piped both ways. Anything but `CONNECT` is answered 405.
 */
export async function startConnectProxy(
  options: { behaviour?: ProxyBehaviour; route?: (target: string) => { host: string; port: number } } = {},
): Promise<TestConnectProxy> {
  const sockets = new Set<Socket>();
  const server = createServer((_req, res) => res.writeHead(405).end());
  const proxy = {
    connections: 0,
    tunnels: 0,
    requests: [] as TestConnectProxy['requests'],
    behaviour: options.behaviour ?? 'tunnel',
  } as TestConnectProxy;
  server.on('connection', (socket: Socket) => {
    proxy.connections++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.on('connect', (req: IncomingMessage, client: Socket, head: Buffer) => {
    const target = req.url ?? '';
    proxy.requests.push({
      target,
      host: req.headers.host,
      authorization: req.headers['proxy-authorization'],
    });
    const { behaviour } = proxy;
    if (behaviour === 'hang') return;
    if (behaviour === 'close') return void client.destroy();
    if (typeof behaviour === 'number') {
      client.end(`HTTP/1.1 ${behaviour} ${STATUS_CODES[behaviour] ?? ''}\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    const [, host = '', port = '0'] = /^\[?(.*?)\]?:(\d+)$/.exec(target) ?? [];
    const destination = options.route?.(target) ?? { host, port: Number(port) };
    const upstream = connect(destination.port, destination.host);
    sockets.add(upstream);
    upstream.on('close', () => sockets.delete(upstream));
    let tunnelled = false;
    upstream.once('connect', () => {
      tunnelled = true;
      proxy.tunnels++;
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length > 0) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    upstream.on('error', () => {
      if (tunnelled) client.destroy();
      else client.end('HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n');
    });
    client.on('error', () => upstream.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(proxy, {
    port,
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  });
}
