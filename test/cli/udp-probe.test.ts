/**
 * `egress verify`'s UDP probe on loopback, against real sockets (docs/exporters.md "UDP
 * probes"): an answer and a "port unreachable" are allow, silence is unproven; a run whose
 * only answers are matches passes with its unproven probes counted, and a run where nothing
 * answered cannot tell. Rejections need a firewall: test/export-engines/self-test.test.ts.
 */
import dgram from 'node:dgram';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { udpPayload } from '../../simulator/export/self-test-probes.js';
import { runProbes, type VerifyProbe } from '../../simulator/cli/verify/run-probes.js';
import { probeUdp } from '../../simulator/cli/verify/udp-probe.js';

const sockets: dgram.Socket[] = [];
let echoPort = 0;
let mutePort = 0;
let closedPort = 0;
const received: Buffer[] = [];

function bound(onMessage: (socket: dgram.Socket, msg: Buffer, rinfo: dgram.RemoteInfo) => void) {
  const socket = dgram.createSocket('udp4');
  socket.on('message', (msg, rinfo) => onMessage(socket, msg, rinfo));
  sockets.push(socket);
  return new Promise<number>((resolve) =>
    socket.bind({ address: '127.0.0.1', port: 0 }, () => resolve(socket.address().port)),
  );
}

beforeAll(async () => {
  echoPort = await bound((s, msg, r) => {
    received.push(msg);
    s.send(msg, r.port, r.address);
  });
  mutePort = await bound(() => {});
  // A port that was bound and is free again: nothing listens there.
  closedPort = await bound(() => {});
  await new Promise<void>((resolve) => sockets.pop()!.close(resolve));
});
afterAll(() => sockets.forEach((s) => s.close()));

it('an answer is allow, and the datagram sent is the probe payload', async () => {
  const o = await probeUdp('127.0.0.1', '127.0.0.1', echoPort, 2000);
  expect(o).toEqual({ observed: 'allow', how: 'answered', silent: false });
  expect([...received.at(-1)!]).toEqual([...udpPayload(echoPort)]);
});

it('a port unreachable from the destination is allow: the datagram got there', async () => {
  const o = await probeUdp('127.0.0.1', '127.0.0.1', closedPort, 2000);
  expect(o).toEqual({ observed: 'allow', how: 'port unreachable', silent: false });
});

it('silence is unproven, and so is a source this host does not have', async () => {
  const mute = await probeUdp('127.0.0.1', '127.0.0.1', mutePort, 300);
  expect(mute).toEqual({ observed: 'none', how: 'no answer', silent: true, unproven: true });
  const away = await probeUdp('192.0.2.77', '127.0.0.1', echoPort, 300);
  expect(away).toMatchObject({ observed: 'none', silent: true, unproven: true });
});

function probe(port: number, expected: 'allow' | 'deny'): VerifyProbe {
  return {
    flow: `udp 127.0.0.1 -> 127.0.0.1:${port}`,
    src: '127.0.0.1',
    expected,
    rule: 'r',
    why: 'test',
    run: (ms) => probeUdp('127.0.0.1', '127.0.0.1', port, ms),
  };
}

it('unproven probes are neither matches nor differences', async () => {
  const local = (): boolean => true;
  const mixed = await runProbes([probe(echoPort, 'allow'), probe(mutePort, 'deny')], 300, local);
  expect(mixed).toMatchObject({ verdict: 'match', probed: 2, failed: 0, unproven: 1 });
  const differs = await runProbes([probe(echoPort, 'deny'), probe(mutePort, 'allow')], 300, local);
  expect(differs).toMatchObject({ verdict: 'difference', failed: 1, unproven: 1 });
  const silent = await runProbes([probe(mutePort, 'allow'), probe(mutePort, 'deny')], 300, local);
  expect(silent).toMatchObject({ verdict: 'cannot-probe', unproven: 2 });
  expect(silent.reason).toMatch(/no probe got an answer/);
});
