// Runs inside the client namespace of an engine test: tries every flow (TCP connect, or a UDP
// request that the server echoes) from its source address, with bounded concurrency, and
// prints one result per flow as JSON: connected, rejected (an error came back: the firewall
// rejected it), or timeout (nothing came back: dropped).
import dgram from 'node:dgram';
import net from 'node:net';

const { flows, timeoutMs, concurrency } = JSON.parse(
  await new Promise((resolve) => {
    let text = '';
    process.stdin.on('data', (d) => (text += d));
    process.stdin.on('end', () => resolve(text));
  }),
);

function tryTcp(flow) {
  return new Promise((resolve) => {
    const socket = net.connect({ host: flow.dst, port: flow.port, localAddress: flow.src });
    const finish = (outcome, code) => {
      clearTimeout(timer);
      socket.destroy();
      resolve({ id: flow.id, outcome, code });
    };
    const timer = setTimeout(() => finish('timeout', null), timeoutMs);
    socket.once('connect', () => finish('connected', null));
    socket.once('error', (e) => finish('rejected', e.code ?? String(e)));
  });
}

function tryUdp(flow) {
  return new Promise((resolve) => {
    const socket = dgram.createSocket(flow.dst.includes(':') ? 'udp6' : 'udp4');
    let done = false;
    const finish = (outcome, code) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.close();
      resolve({ id: flow.id, outcome, code });
    };
    const timer = setTimeout(() => finish('timeout', null), timeoutMs);
    socket.once('message', () => finish('connected', null));
    socket.once('error', (e) => finish('rejected', e.code ?? String(e)));
    socket.bind({ address: flow.src, port: 0 }, () => {
      socket.connect(flow.port, flow.dst, (err) => {
        if (err) return finish('rejected', err.code);
        socket.send(`probe ${flow.id}`, (e) => e && finish('rejected', e.code));
      });
    });
  });
}

const results = new Array(flows.length);
let next = 0;
async function worker() {
  while (next < flows.length) {
    const i = next++;
    const flow = flows[i];
    results[i] = await (flow.proto === 'udp' ? tryUdp(flow) : tryTcp(flow));
  }
}
await Promise.all(Array.from({ length: Math.min(concurrency, flows.length) }, worker));
process.stdout.write(JSON.stringify(results) + '\n');
