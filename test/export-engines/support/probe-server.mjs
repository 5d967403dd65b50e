// Runs inside the server namespace of an engine test: answers TCP connections on every
// requested port (any local address, both families) and echoes UDP datagrams from a socket
// bound to each requested address, so that a reply leaves from the address the request was
// sent to (an unbound socket would answer from the interface address and break the flow).
// Reads its configuration as JSON on stdin; prints "ready" once everything listens.
import dgram from 'node:dgram';
import net from 'node:net';

const config = JSON.parse(
  await new Promise((resolve) => {
    let text = '';
    process.stdin.on('data', (d) => (text += d));
    process.stdin.on('end', () => resolve(text));
  }),
);

const listening = [];
for (const port of config.tcpPorts) {
  const server = net.createServer((socket) => {
    socket.on('error', () => {});
    socket.end();
  });
  listening.push(
    new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen({ host: '::', port, ipv6Only: false }, resolve);
    }),
  );
}
for (const { address, port } of config.udpBinds) {
  const socket = dgram.createSocket(address.includes(':') ? 'udp6' : 'udp4');
  socket.on('message', (msg, rinfo) => socket.send(msg, rinfo.port, rinfo.address));
  socket.on('error', () => {});
  listening.push(
    new Promise((resolve, reject) => {
      socket.once('error', reject);
      socket.bind({ address, port }, resolve);
    }),
  );
}
await Promise.all(listening);
process.stdout.write('ready\n');
