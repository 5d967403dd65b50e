/**
 * A three-namespace network for firewall tests: client ── gateway ── server, joined by veth
 * pairs. The client owns the flows' source addresses, the server their destination
 * addresses, and the gateway forwards between them, so that an exported ruleset on the
 * gateway's forward hook (or the client's output hook) sees exactly the packets of each flow.
 *
 * Traffic never leaves these namespaces, so the test may use any addresses the generated
 * policies name. Every namespace is named `egs-<pid>-…`: teardown removes them, an exit
 * handler removes them if a run is interrupted, and `sweepStaleNamespaces` removes those of
 * earlier runs whose process is gone.
 */
import { parseIp } from '../../../simulator/net/ip.js';
import { killAllChildren, pidAlive, run, runOrThrow } from './process.js';

export const NETNS_PREFIX = 'egs-';

/** Link addresses: never used by generated policies (the generators avoid 100.64.0.0/10). */
const LINK = {
  clientV4: '100.127.255.1',
  gwClientV4: '100.127.255.2',
  gwServerV4: '100.127.255.5',
  serverV4: '100.127.255.6',
  clientV6: 'fdff:0:0:1::1',
  gwClientV6: 'fdff:0:0:1::2',
  gwServerV6: 'fdff:0:0:2::1',
  serverV6: 'fdff:0:0:2::2',
};
export const LINK_ADDRESSES = Object.values(LINK);
const MAC = {
  client: '02:00:00:00:00:01',
  gwClient: '02:00:00:00:00:02',
  gwServer: '02:00:00:00:00:03',
  server: '02:00:00:00:00:04',
};

const live = new Set<string>();
let exitHookInstalled = false;

function deleteNamespace(name: string): void {
  const pids = run('ip', ['netns', 'pids', name]).stdout.split(/\s+/).filter(Boolean);
  for (const pid of pids) run('kill', ['-KILL', pid]);
  run('ip', ['netns', 'del', name]);
  live.delete(name);
}

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  const cleanup = (): void => {
    killAllChildren();
    for (const name of [...live]) deleteNamespace(name);
  };
  process.on('exit', cleanup);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      cleanup();
      process.exit(130);
    });
  }
}

/** Creates a namespace this process owns (removed at teardown or exit). */
export function createNamespace(name: string): void {
  installExitHook();
  runOrThrow('ip', ['netns', 'add', name]);
  live.add(name);
  runOrThrow('ip', ['-n', name, 'link', 'set', 'lo', 'up']);
}

export function destroyNamespace(name: string): void {
  deleteNamespace(name);
}

/** Removes `egs-<pid>-…` namespaces left by runs whose process no longer exists. */
export function sweepStaleNamespaces(): string[] {
  const names = run('ip', ['netns', 'list'])
    .stdout.split('\n')
    .map((l) => l.split(' ')[0] ?? '')
    .filter((n) => n.startsWith(NETNS_PREFIX));
  const stale = names.filter((n) => {
    const m = /^egs-(\d+)-/.exec(n);
    return m !== null && !pidAlive(Number(m[1]));
  });
  for (const name of stale) deleteNamespace(name);
  return stale;
}

/** A unique namespace name prefix for this process. */
export function namespacePrefix(tag: string): string {
  return `${NETNS_PREFIX}${process.pid}-${tag}`;
}

/** Runs `ip -n NS -batch -` with one command a line. */
function batch(ns: string, lines: string[]): void {
  runOrThrow('ip', ['-n', ns, '-batch', '-'], lines.join('\n') + '\n');
}

function sysctl(ns: string, settings: string[]): void {
  runOrThrow('ip', ['netns', 'exec', ns, 'sysctl', '-q', '-w', ...settings]);
}

function hostRoute(address: string): string {
  return parseIp(address)?.family === 6 ? `${address}/128` : `${address}/32`;
}

export class NetnsLab {
  readonly client: string;
  readonly gateway: string;
  readonly server: string;

  constructor(prefix: string) {
    this.client = `${prefix}-c`;
    this.gateway = `${prefix}-g`;
    this.server = `${prefix}-s`;
  }

  /** Builds the three namespaces; `sources` and `destinations` must be disjoint. */
  setup(sources: readonly string[], destinations: readonly string[]): void {
    for (const ns of [this.client, this.gateway, this.server]) createNamespace(ns);
    // Before any link exists, so that new interfaces inherit the defaults: no duplicate
    // address detection (addresses are usable at once) and no reverse-path filtering.
    const quiet = [
      'net.ipv6.conf.all.accept_dad=0',
      'net.ipv6.conf.default.accept_dad=0',
      'net.ipv4.conf.all.rp_filter=0',
      'net.ipv4.conf.default.rp_filter=0',
    ];
    // Rejections are ICMP errors, which the kernel rate-limits per destination: a source with
    // many denied flows would see timeouts instead of rejections. Lift the limits.
    const unlimitedIcmp = [
      'net.ipv4.icmp_ratelimit=0',
      'net.ipv6.icmp.ratelimit=0',
      'net.ipv4.icmp_msgs_per_sec=1000000',
      'net.ipv4.icmp_msgs_burst=1000000',
    ];
    sysctl(this.client, [...quiet, ...unlimitedIcmp]);
    sysctl(this.server, quiet);
    sysctl(this.gateway, [
      ...quiet,
      ...unlimitedIcmp,
      'net.ipv4.ip_forward=1',
      'net.ipv6.conf.all.forwarding=1',
    ]);
    // Fixed MAC addresses and permanent neighbour entries: no ARP or neighbour discovery, so
    // the first packets of many parallel flows are never queued behind a resolution.
    runOrThrow('ip', [
      '-n',
      this.client,
      'link',
      'add',
      'vc',
      'address',
      MAC.client,
      'type',
      'veth',
      'peer',
      'name',
      'vgc',
      'address',
      MAC.gwClient,
      'netns',
      this.gateway,
    ]);
    runOrThrow('ip', [
      '-n',
      this.gateway,
      'link',
      'add',
      'vgs',
      'address',
      MAC.gwServer,
      'type',
      'veth',
      'peer',
      'name',
      'vs',
      'address',
      MAC.server,
      'netns',
      this.server,
    ]);
    const onLo = (a: string): string =>
      `addr add ${hostRoute(a)} dev lo${a.includes(':') ? ' nodad' : ''}`;
    const neighbour = (address: string, mac: string, dev: string): string =>
      `neigh replace ${address} lladdr ${mac} dev ${dev} nud permanent`;
    batch(this.client, [
      'link set vc up',
      `addr add ${LINK.clientV4}/30 dev vc`,
      `addr add ${LINK.clientV6}/64 dev vc nodad`,
      neighbour(LINK.gwClientV4, MAC.gwClient, 'vc'),
      neighbour(LINK.gwClientV6, MAC.gwClient, 'vc'),
      `route add default via ${LINK.gwClientV4}`,
      `route add default via ${LINK.gwClientV6}`,
      ...sources.map(onLo),
    ]);
    batch(this.server, [
      'link set vs up',
      `addr add ${LINK.serverV4}/30 dev vs`,
      `addr add ${LINK.serverV6}/64 dev vs nodad`,
      neighbour(LINK.gwServerV4, MAC.gwServer, 'vs'),
      neighbour(LINK.gwServerV6, MAC.gwServer, 'vs'),
      `route add default via ${LINK.gwServerV4}`,
      `route add default via ${LINK.gwServerV6}`,
      ...destinations.map(onLo),
    ]);
    const via = (a: string, v4: string, v6: string): string =>
      `route add ${hostRoute(a)} via ${a.includes(':') ? v6 : v4}`;
    batch(this.gateway, [
      'link set vgc up',
      'link set vgs up',
      `addr add ${LINK.gwClientV4}/30 dev vgc`,
      `addr add ${LINK.gwClientV6}/64 dev vgc nodad`,
      `addr add ${LINK.gwServerV4}/30 dev vgs`,
      `addr add ${LINK.gwServerV6}/64 dev vgs nodad`,
      neighbour(LINK.clientV4, MAC.client, 'vgc'),
      neighbour(LINK.clientV6, MAC.client, 'vgc'),
      neighbour(LINK.serverV4, MAC.server, 'vgs'),
      neighbour(LINK.serverV6, MAC.server, 'vgs'),
      ...sources.map((a) => via(a, LINK.clientV4, LINK.clientV6)),
      ...destinations.map((a) => via(a, LINK.serverV4, LINK.serverV6)),
    ]);
  }

  destroy(): void {
    for (const ns of [this.client, this.gateway, this.server]) destroyNamespace(ns);
  }
}
