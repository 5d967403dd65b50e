// Runs inside the Squid test namespace: an HTTP origin server on every requested port (all
// local addresses of both families, so every destination answers). Plain requests get 200; a CONNECT
// tunnel only needs the TCP connection Squid opens. Reads {ports} as JSON on stdin; prints
// "ready" once everything listens.
import http from 'node:http';

const config = JSON.parse(
  await new Promise((resolve) => {
    let text = '';
    process.stdin.on('data', (d) => (text += d));
    process.stdin.on('end', () => resolve(text));
  }),
);

await Promise.all(
  config.ports.map(
    (port) =>
      new Promise((resolve, reject) => {
        const server = http.createServer((req, res) => {
          req.resume();
          res.writeHead(200, { 'content-type': 'text/plain', connection: 'close' });
          res.end(`origin ${port} ${req.method} ${req.url}\n`);
        });
        server.on('clientError', (_e, socket) => socket.destroy());
        server.once('error', reject);
        server.listen({ host: '::', port, ipv6Only: false }, resolve);
      }),
  ),
);
process.stdout.write('ready\n');
