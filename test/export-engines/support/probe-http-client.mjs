// Runs inside the Squid test namespace: sends each request to the proxy from its source
// address (a loopback or namespace-local address) — a plain-HTTP absolute-URL request, or a CONNECT — and
// prints the status code Squid answered, as JSON, one result per request in order.
import net from 'node:net';

const { proxies, requests, timeoutMs, concurrency } = JSON.parse(
  await new Promise((resolve) => {
    let text = '';
    process.stdin.on('data', (d) => (text += d));
    process.stdin.on('end', () => resolve(text));
  }),
);

function send(req) {
  return new Promise((resolve) => {
    const proxy = req.src.includes(':') ? proxies.v6 : proxies.v4;
    const socket = net.connect({ host: proxy.host, port: proxy.port, localAddress: req.src });
    let buffer = '';
    const finish = (status, error) => {
      clearTimeout(timer);
      socket.destroy();
      resolve({ id: req.id, status, error });
    };
    const timer = setTimeout(() => finish(null, 'timeout'), timeoutMs);
    socket.once('connect', () => {
      const host = req.host.includes(':') ? `[${req.host}]` : req.host;
      const authority = `${host}:${req.port}`;
      const head =
        req.kind === 'connect'
          ? `CONNECT ${authority} HTTP/1.1\r\nHost: ${authority}\r\n`
          : `${req.method} http://${authority}${req.path} HTTP/1.1\r\nHost: ${authority}\r\nContent-Length: 0\r\nConnection: close\r\n`;
      socket.write(`${head}X-Egs-Flow: ${req.id}\r\n\r\n`);
    });
    socket.on('data', (d) => {
      buffer += d.toString('latin1');
      const line = buffer.indexOf('\r\n');
      if (line < 0) return;
      const m = /^HTTP\/1\.[01] (\d{3})/.exec(buffer.slice(0, line));
      finish(m ? Number(m[1]) : null, m ? null : `bad status line: ${buffer.slice(0, line)}`);
    });
    socket.once('error', (e) => finish(null, e.code ?? String(e)));
    socket.once('end', () => finish(null, `closed: ${buffer.slice(0, 80)}`));
  });
}

const results = new Array(requests.length);
let next = 0;
async function worker() {
  while (next < requests.length) {
    const i = next++;
    results[i] = await send(requests[i]);
  }
}
await Promise.all(Array.from({ length: Math.min(concurrency, requests.length) }, worker));
process.stdout.write(JSON.stringify(results) + '\n');
