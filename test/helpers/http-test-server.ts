import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A canned reply: status (200 by default), headers and a body. */
export interface StaticRoute {
  status?: number;
  headers?: Record<string, string>;
  body?: string | Uint8Array;
}

/** A route: a canned reply, or a handler that answers the request itself (it may also never answer). */
export type Route =
  StaticRoute | ((request: IncomingMessage, response: ServerResponse) => void | Promise<void>);

/** A request the server received. */
export interface RecordedRequest {
  method: string;
  /** Path and query, as sent. */
  path: string;
  headers: IncomingHttpHeaders;
}

/** A loopback HTTP server for tests; see {@link startHttpTestServer}. */
export interface HttpTestServer {
  /** `http://127.0.0.1:PORT`, without a trailing slash. */
  readonly origin: string;
  readonly port: number;
  /** Every request received, in order, including those that matched no route. */
  readonly requests: RecordedRequest[];
  /** The absolute URL of a path on this server. */
  url(path: string): string;
  /** Adds or replaces a route. */
  route(path: string, route: Route): void;
  /** Ends every open (also hanging) connection and stops the server. */
  close(): Promise<void>;
}

/**
 * Starts an HTTP server on 127.0.0.1 at a random port that answers from a route table keyed by path (query
 * ignored), replies 404 to anything else and records every request.
 */
export async function startHttpTestServer(routes: Record<string, Route> = {}): Promise<HttpTestServer> {
  const table = new Map<string, Route>(Object.entries(routes));
  const requests: RecordedRequest[] = [];
  const server = createServer((request, response) => {
    const path = request.url ?? '/';
    requests.push({ method: request.method ?? 'GET', path, headers: request.headers });
    // A client that stops reading early (a size limit) makes writes fail; that is the point, not a test error.
    response.on('error', () => {});
    const route = table.get(path.split('?')[0] ?? path);
    if (route === undefined) {
      response.writeHead(404, { 'content-type': 'text/plain' });
      response.end('not found');
      return;
    }
    if (typeof route === 'function') {
      void Promise.resolve(route(request, response)).catch((error: unknown) => {
        if (!response.headersSent) response.writeHead(500, { 'content-type': 'text/plain' });
        response.end(String(error));
      });
      return;
    }
    response.writeHead(route.status ?? 200, { 'content-type': 'text/html; charset=utf-8', ...route.headers });
    response.end(route.body ?? '');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  return {
    origin,
    port,
    requests,
    url: (path) => `${origin}${path.startsWith('/') ? path : `/${path}`}`,
    route: (path, route) => {
      table.set(path, route);
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
