/**
 * One TCP probe from this host (docs/cli.md, `egress verify`): a connection from the probe's
 * source address. Established is "allow"; refused, reset, unreachable or timed out is "deny".
 * A timeout, or no route at all from this host, is reported as such and proves nothing by
 * itself (a run where every probe is silent cannot tell).
 */
import net from 'node:net';

/** This host has no way there at all: says nothing about the firewall. */
const SILENT_ERRORS = new Set(['ENETUNREACH', 'EADDRNOTAVAIL']);

export interface Observation {
  /** `none`: no answer at all (a proxy that did not answer says neither). */
  observed: 'allow' | 'deny' | 'none';
  /** How it ended: connected, refused, timeout, an HTTP status, or the system's error code. */
  how: string;
  /** Proves nothing by itself: when every probe is silent, the run cannot tell. */
  silent: boolean;
  /**
   * Neither agrees nor differs (a UDP datagram nobody answered): not a difference, and not a
   * match either.
   */
  unproven?: true;
}

export function probeTcp(
  src: string,
  dst: string,
  port: number,
  timeoutMs: number,
): Promise<Observation> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: dst, port, localAddress: src });
    const finish = (o: Observation): void => {
      clearTimeout(timer);
      socket.destroy();
      resolve(o);
    };
    const timer = setTimeout(
      () => finish({ observed: 'deny', how: 'timeout', silent: true }),
      timeoutMs,
    );
    socket.once('connect', () => finish({ observed: 'allow', how: 'connected', silent: false }));
    socket.once('error', (e: NodeJS.ErrnoException) =>
      finish({
        observed: 'deny',
        how: e.code === 'ECONNREFUSED' ? 'refused' : (e.code ?? 'error'),
        silent: SILENT_ERRORS.has(e.code ?? ''),
      }),
    );
  });
}
