/**
 * One UDP probe from this host (docs/cli.md, `egress verify`): a datagram from the probe's
 * source address (a DNS query on port 53). A UDP send proves something only when something
 * comes back: an answer, or an ICMP "port unreachable" from the destination, is "allow" (the
 * datagram got through); an ICMP "administratively prohibited" (what the exported rulesets
 * send on deny) or "host unreachable" is "deny". Silence is neither: the datagram may have
 * been dropped, or have arrived at a service that does not answer it, so the probe is
 * unproven.
 */
import dgram from 'node:dgram';
import { udpPayload } from '../../export/self-test-probes.js';
import type { Observation } from './tcp-probe.js';

/** ICMP errors, as a connected UDP socket reports them (IPv4 and IPv6). */
const REJECTED = new Set(['EHOSTUNREACH', 'EACCES']);

export function probeUdp(
  src: string,
  dst: string,
  port: number,
  timeoutMs: number,
): Promise<Observation> {
  return new Promise((resolve) => {
    const socket = dgram.createSocket(dst.includes(':') ? 'udp6' : 'udp4');
    let done = false;
    const finish = (o: Observation): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.close();
      resolve(o);
    };
    const silent = (how: string): Observation => ({
      observed: 'none',
      how,
      silent: true,
      unproven: true,
    });
    const timer = setTimeout(() => finish(silent('no answer')), timeoutMs);
    socket.once('message', () => finish({ observed: 'allow', how: 'answered', silent: false }));
    socket.on('error', (e: NodeJS.ErrnoException) => {
      const code = e.code ?? 'error';
      if (code === 'ECONNREFUSED') {
        finish({ observed: 'allow', how: 'port unreachable', silent: false });
      } else if (REJECTED.has(code)) {
        finish({ observed: 'deny', how: 'rejected', silent: false });
      } else finish(silent(code));
    });
    socket.bind({ address: src, port: 0 }, () =>
      socket.connect(port, dst, () => socket.send(Uint8Array.from(udpPayload(port)))),
    );
  });
}
