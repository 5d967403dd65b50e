/**
 * Learning from every log fixture (test/fixtures/logs): the proposal checks clean, its
 * expectations pass, and it allows every attempt each log shows allowed (every attempt when
 * the format records no action, and with --include-denied), with and without a topology.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Topology } from '../../simulator/core/model.js';
import { learnPolicy, readObservedFlows } from '../../simulator/learn/index.js';
import { expectEveryAttemptAccounted } from './accounted.js';

const LOGS = join(import.meta.dirname, '../fixtures/logs');

/** Each run of a format: its main files, with their companion files. */
const FIXTURES: Record<string, string[]> = {
  'aws-vpc default v2': ['aws-vpc/default-v2.log'],
  'aws-vpc cloudwatch': ['aws-vpc/default-v2-cloudwatch.log'],
  'aws-vpc v3 tcp flags': ['aws-vpc/custom-v3-tcp-flags.log'],
  'aws-vpc v5 nat gateway': ['aws-vpc/custom-v5-nat-gateway.log'],
  'gcp vpc flows': ['gcp/vpc-flows.json'],
  'gcp firewall': ['gcp/firewall.json'],
  hubble: ['hubble/observe.json'],
  squid: ['squid/access.log'],
  suricata: ['suricata/eve.json'],
  'aws network firewall': ['suricata/aws-network-firewall.json'],
  'zeek tsv': ['zeek/conn.log', 'zeek/ssl.log', 'zeek/http.log', 'zeek/dns.log'],
  'zeek json': ['zeek/conn.json', 'zeek/ssl.json', 'zeek/dns.json'],
};

/** An internal zone for the private ranges the fixtures use: public sources are inbound. */
const TOPOLOGY: Topology = {
  version: 1,
  name: 'fixtures',
  zones: [
    {
      id: 'private',
      kind: 'internal',
      cidrs: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', 'fd00::/8', '2001:db8::/32'],
    },
  ],
  nodes: [
    {
      id: 'trainer',
      kind: 'training-job',
      zone: 'private',
      roles: ['trainer'],
      addresses: ['10.0.1.0/24'],
      hosts: [],
    },
  ],
  edges: [],
};

const POLICY = 'policy learned\n';

describe('learn from every log fixture', () => {
  for (const [name, files] of Object.entries(FIXTURES)) {
    for (const topology of [undefined, TOPOLOGY]) {
      for (const includeDenied of [false, true]) {
        it(`${name}${topology ? ' with a topology' : ''}${includeDenied ? ', denied included' : ''}`, () => {
          const read = readObservedFlows(
            files.map((f) => ({ name: f, text: readFileSync(join(LOGS, f), 'utf8') })),
            topology ? { topology } : {},
          );
          expect(read.problems).toEqual([]);
          expect(read.flows.length).toBeGreaterThan(0);
          const proposal = learnPolicy(
            { policyText: POLICY, policyFile: 'policy.egress', ...(topology ? { topology } : {}) },
            read.flows,
            { includeDenied },
          );
          expect(proposal.learned).toBeGreaterThan(0);
          expectEveryAttemptAccounted(POLICY, topology, read.flows, proposal, includeDenied);
        });
      }
    }
  }

  it('groups a role, collapses a family of names, flags the metadata service and odd ports', () => {
    const log = [
      '1700000000.000 5 10.0.1.5 TCP_TUNNEL/200 100 CONNECT a.cdn.example.com:443 - HIER_DIRECT/198.51.100.1 -',
      '1700000001.000 5 10.0.1.6 TCP_TUNNEL/200 100 CONNECT b.cdn.example.com:443 - HIER_DIRECT/198.51.100.2 -',
      '1700000002.000 5 10.0.1.7 TCP_TUNNEL/200 100 CONNECT c.cdn.example.com:443 - HIER_DIRECT/198.51.100.3 -',
      '1700000003.000 5 10.0.1.7 TCP_MISS/200 100 GET http://169.254.169.254/latest/meta-data/ - HIER_DIRECT/169.254.169.254 text/plain',
      '1700000004.000 5 10.0.1.7 TCP_TUNNEL/200 100 CONNECT 203.0.113.7:8443 - HIER_DIRECT/203.0.113.7 -',
      '1700000005.000 5 10.0.1.7 TCP_DENIED/403 100 CONNECT evil.example.org:443 - HIER_NONE/- -',
      '1700000006.000 5 8.8.8.8 TCP_TUNNEL/200 100 CONNECT pypi.org:443 - HIER_DIRECT/151.101.0.223 -',
    ].join('\n');
    const read = readObservedFlows([{ name: 'access.log', text: log }], { topology: TOPOLOGY });
    const proposal = learnPolicy(
      { policyText: POLICY, policyFile: 'policy.egress', topology: TOPOLOGY },
      read.flows,
    );
    expect(proposal.policyText).toContain(
      'allow trainer-to-example-com from role:trainer to *.cdn.example.com on tcp/443',
    );
    expect(proposal.policyText).toContain(
      'allow trainer-to-addresses from role:trainer to 169.254.169.254, 203.0.113.7 on tcp/80, tcp/8443',
    );
    expect(proposal.policyText).not.toContain('evil.example.org');
    expect(proposal.flags.map((f) => f.reason)).toEqual([
      "the cloud metadata service (169.254.169.254) hands out the instance's credentials",
      'raw IP addresses that no name or topology node explains: 169.254.169.254, 203.0.113.7',
      'ports other than web, DNS and NTP: tcp/8443',
    ]);
    expect(proposal.external).toEqual([{ src: '8.8.8.8', connections: 1 }]);
    expect(proposal.loggedDenied).toBe(1);
    expect(proposal.loggedDeniedAllowed).toBe(0);
    expect(proposal.policyText).toContain(
      '# Learned: observed 3 connections from role:trainer to example.com\n# in access.log lines 1-3.',
    );
  });

  it('flags a learned rule that allows what the log shows denied (same name and port, another path)', () => {
    const log = [
      '1700000000.000 5 10.0.1.5 TCP_MISS/200 100 GET http://mirror.example.com/simple/ - HIER_DIRECT/198.51.100.9 text/html',
      '1700000001.000 5 10.0.1.5 TCP_DENIED/403 100 GET http://mirror.example.com/admin/ - HIER_NONE/- -',
      '1700000002.000 5 10.0.1.6 TCP_DENIED/403 100 GET http://mirror.example.com/admin/users - HIER_NONE/- -',
      '1700000003.000 5 10.0.1.6 TCP_DENIED/403 100 CONNECT elsewhere.example.org:443 - HIER_NONE/- -',
    ].join('\n');
    const read = readObservedFlows([{ name: 'access.log', text: log }], { topology: TOPOLOGY });
    const proposal = learnPolicy(
      { policyText: POLICY, policyFile: 'policy.egress', topology: TOPOLOGY },
      read.flows,
    );
    expect(proposal.loggedDenied).toBe(3);
    // The rule learned from /simple/ allows the denied /admin/ requests: it cannot see paths.
    expect(proposal.loggedDeniedAllowed).toBe(2);
    const rule = proposal.rules.find((r) => r.destinations.includes('mirror.example.com'))!;
    expect(rule.flags).toEqual([
      'also allows 2 attempts the log shows denied (e.g. {"src":"10.0.1.5","host":"mirror.example.com","proto":"tcp","port":80,"method":"GET","path":"/admin/"}): other attempts taught it the same destination and service; narrow or drop it if that denial is intended',
    ]);
    expect(proposal.policyText).toContain('# review: also allows 2 attempts the log shows denied');
    expect(proposal.policyText).not.toContain('elsewhere.example.org');
  });
});
