/**
 * A counting pass-through in front of a subgraph: how many calls reached it (from the gateway or
 * from cooperation). A call the proxy cannot pass on (the subgraph is down) has its connection cut,
 * as a crashed source would, and is counted all the same: it reached the source's address.
 */
import { createServer, request, Server } from 'node:http';
import { AddressInfo } from 'node:net';

export class CountingProxy {
  calls = 0;
  private constructor(readonly server: Server) {}

  static async inFrontOf(target: string, proxy = new CountingProxy(createServer())): Promise<CountingProxy> {
    const to = new URL(target);
    proxy.server.on('request', (req, res) => {
      proxy.calls += 1;
      const upstream = request({ host: to.hostname, port: to.port, path: req.url, method: req.method, headers: req.headers }, (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      });
      upstream.on('error', () => res.destroy());
      req.pipe(upstream);
    });
    await new Promise<void>((r) => proxy.server.listen(0, '127.0.0.1', () => r()));
    return proxy;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/graphql`;
  }

  close(): void {
    this.server.closeAllConnections();
    this.server.close();
  }
}
