/**
 * The production HTTP server (`npm start` runs it): Next.js's own request handler behind one check
 * that `next start` cannot make. Next turns every request into a Fetch Request, and the Fetch
 * standard forbids TRACE, TRACK and CONNECT, so those failed with a 500 before any of Frontline's
 * code ran. Here every method the app does not answer gets a 405 with `Allow` instead
 * (docs/decisions/026-own-http-server.md). Plain JavaScript: it runs without a TypeScript loader.
 */
import { createServer } from 'node:http';
import next from 'next';
import appMethods from '../lib/http-methods.json' with { type: 'json' };

const METHODS = new Set(appMethods);
const port = Number(process.env.PORT || 3000);
const app = next({ dev: false, port });
const handle = app.getRequestHandler();

await app.prepare();

const REFUSAL_HEADERS = {
  Allow: appMethods.join(', '),
  'Content-Type': 'text/plain; charset=utf-8',
  'Cache-Control': 'no-store',
  'Content-Security-Policy': "default-src 'none'; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
};
const refusalText = (method) => `This site does not answer ${String(method).slice(0, 20)} requests.\n`;

const server = createServer((request, response) => {
  if (!METHODS.has(request.method ?? '')) {
    response.writeHead(405, REFUSAL_HEADERS).end(refusalText(request.method));
    return;
  }
  void handle(request, response);
});

// Node hands CONNECT to its own event (it opens a tunnel); without an answer the client would hang.
server.on('connect', (request, socket) => {
  const body = refusalText(request.method);
  const headers = Object.entries({ ...REFUSAL_HEADERS, 'Content-Length': Buffer.byteLength(body), Connection: 'close' })
    .map(([name, value]) => `${name}: ${value}\r\n`)
    .join('');
  socket.end(`HTTP/1.1 405 Method Not Allowed\r\n${headers}\r\n${body}`);
});

server.listen(port);
