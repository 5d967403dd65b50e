/**
 * One request through the proxy from this host (docs/cli.md, `egress verify`): plain HTTP
 * with the probe's method and path, or a CONNECT, sent from the probe's source address. The
 * proxy's 403 is "deny", any other answer "allow"; no answer proves nothing.
 */
import net from 'node:net';
import type { Observation } from './tcp-probe.js';

export interface ProxyAddress {
  host: string;
  port: number;
}

export interface ProxyRequest {
  src: string;
  kind: 'http' | 'connect';
  method: string;
  host: string;
  port: number;
  path: string;
}

const STATUS_LINE = /^HTTP\/1\.[01] (\d{3})/;

/** `HOST:PORT` or `[IPv6]:PORT`; null when it is neither. */
export function parseProxyAddress(text: string): ProxyAddress | null {
  const m = /^(?:\[([0-9A-Fa-f:.]+)\]|([^:[\]]+)):(\d{1,5})$/.exec(text);
  const port = Number(m?.[3]);
  if (!m || port < 1 || port > 65535) return null;
  return { host: m[1] ?? m[2]!, port };
}

export function probeProxy(
  proxy: ProxyAddress,
  req: ProxyRequest,
  timeoutMs: number,
): Promise<Observation> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: proxy.host, port: proxy.port, localAddress: req.src });
    let buffer = '';
    const finish = (o: Observation): void => {
      clearTimeout(timer);
      socket.destroy();
      resolve(o);
    };
    const none = (how: string): Observation => ({ observed: 'none', how, silent: true });
    const timer = setTimeout(() => finish(none('timeout')), timeoutMs);
    socket.once('connect', () => {
      const authority = `${req.host.includes(':') ? `[${req.host}]` : req.host}:${req.port}`;
      socket.write(
        req.kind === 'connect'
          ? `CONNECT ${authority} HTTP/1.1\r\nHost: ${authority}\r\n\r\n`
          : `${req.method} http://${authority}${req.path} HTTP/1.1\r\nHost: ${authority}\r\n` +
              'Content-Length: 0\r\nConnection: close\r\n\r\n',
      );
    });
    socket.on('data', (d: Buffer) => {
      buffer += d.toString('latin1');
      const end = buffer.indexOf('\r\n');
      if (end < 0) return;
      const status = STATUS_LINE.exec(buffer.slice(0, end))?.[1];
      if (status === undefined) finish(none('not an HTTP answer'));
      else finish({ observed: status === '403' ? 'deny' : 'allow', how: status, silent: false });
    });
    socket.once('error', (e: NodeJS.ErrnoException) => finish(none(e.code ?? 'error')));
    socket.once('end', () => finish(none('closed')));
  });
}
