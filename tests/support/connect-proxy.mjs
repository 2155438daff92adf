// A small forward proxy for tests: answers HTTP CONNECT by opening a TCP tunnel to the target (so
// TLS stays end-to-end, as with a corporate proxy) and refuses everything else. Listens on
// 127.0.0.1 only and tunnels to loopback targets only. Prints `connect-proxy listening on
// http://127.0.0.1:<port>` once ready, then one line `CONNECT <host>:<port>` per tunnel opened, so
// a test can check which servers the traffic went to. With --login USER:PASSWORD it demands that
// login (Proxy-Authorization: Basic, RFC 7617) and answers 407 otherwise, printing `REFUSED <host>:<port>`.
//   node tests/support/connect-proxy.mjs [--port N] [--login USER:PASSWORD]
import http from 'node:http';
import net from 'node:net';

const portArg = process.argv.indexOf('--port');
const port = portArg > 0 ? Number(process.argv[portArg + 1]) : 0;
const loginArg = process.argv.indexOf('--login');
const expected = loginArg > 0 ? `Basic ${Buffer.from(process.argv[loginArg + 1]).toString('base64')}` : null;
const loopback = new Set(['127.0.0.1', '::1', '[::1]', 'localhost']);

const server = http.createServer((request, response) => {
  response.writeHead(405, { 'Content-Type': 'text/plain' }).end('this proxy only tunnels (CONNECT)\n');
});
server.on('connect', (request, client, head) => {
  const target = request.url;  // authority-form: host:port
  const colon = target.lastIndexOf(':');
  const host = target.slice(0, colon);
  const targetPort = Number(target.slice(colon + 1));
  if (!loopback.has(host) || !(targetPort > 0)) {
    client.end('HTTP/1.1 403 Forbidden\r\n\r\n');
    return;
  }
  if (expected && request.headers['proxy-authorization'] !== expected) {
    process.stdout.write(`REFUSED ${target}\n`);
    client.end('HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="test"\r\nContent-Length: 0\r\n\r\n');
    return;
  }
  process.stdout.write(`CONNECT ${target}\n`);
  const upstream = net.connect(targetPort, host.replace(/^\[|\]$/g, ''), () => {
    client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
    if (head.length) upstream.write(head);
    upstream.pipe(client);
    client.pipe(upstream);
  });
  upstream.on('error', () => client.end('HTTP/1.1 502 Bad Gateway\r\n\r\n'));
  client.on('error', () => upstream.destroy());
});
server.listen(port, '127.0.0.1', () => {
  process.stdout.write(`connect-proxy listening on http://127.0.0.1:${server.address().port}\n`);
});
for (const signal of ['SIGTERM', 'SIGINT']) process.on(signal, () => process.exit(0));
