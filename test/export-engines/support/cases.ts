/**
 * Handcrafted projects for the exporter golden files and engine syntax checks: each one
 * stresses a decision of the firewall and proxy exporters (see the `about` of each case).
 */
import type { ExportInput, ExportOptions } from '../../../simulator/export/types.js';
import { exportInput, node, policy, rule, topology, zone } from './model.js';

export interface ExportCase {
  name: string;
  about: string;
  input: ExportInput;
  options: ExportOptions;
}

/** The ml-platform example of docs/topology.md and docs/language.md. */
function mlPlatform(): ExportCase {
  const topo = topology(
    'ml-platform',
    [
      zone('vpc', 'internal', ['10.0.0.0/16', 'fd00:10::/32']),
      zone('internet', 'external'),
      zone('aws', 'external', ['52.0.0.0/8']),
    ],
    [
      node('trainer', 'vpc', { roles: ['trainer'], addresses: ['10.0.1.0/24'] }),
      node('notebook', 'vpc', { roles: ['notebook'], addresses: ['10.0.2.15', 'fd00:10::15'] }),
      node('gateway', 'vpc', { roles: ['llm-gateway'], addresses: ['10.0.3.0/24'] }),
      node('dns', 'vpc', { roles: ['resolver'], addresses: ['10.0.0.2'] }),
      node('pypi', 'internet', {
        kind: 'package-index',
        hosts: ['pypi.org', 'files.pythonhosted.org'],
        addresses: ['151.101.0.223'],
      }),
      node('hf', 'internet', {
        kind: 'model-hub',
        hosts: ['huggingface.co', 'cdn-lfs.huggingface.co'],
      }),
      node('openai', 'internet', { kind: 'llm-api', roles: ['llm'], hosts: ['api.openai.com'] }),
      node('s3', 'aws', {
        kind: 'object-store',
        hosts: ['s3.amazonaws.com'],
        addresses: ['52.216.0.0/15'],
      }),
    ],
  );
  const pol = policy(
    'ml-platform',
    [
      rule('no-metadata', 'deny', {
        from: ['any'],
        to: ['metadata>169.254.169.254/32', 'metadata>fd00:ec2::254/128'],
        description: 'The instance metadata service hands out cloud credentials.',
      }),
      rule('train-deps', 'allow', {
        from: ['role:trainer'],
        to: [
          'pypi>pypi.org',
          'pypi>files.pythonhosted.org',
          'hf>huggingface.co',
          'hf>*.huggingface.co',
        ],
        on: ['tcp/443'],
        description: 'Training jobs install dependencies\nand download base models.',
      }),
      rule('train-data', 'allow', {
        from: ['role:trainer'],
        to: ['*.s3.amazonaws.com'],
        on: ['web>tcp/80', 'web>tcp/443'],
        log: true,
      }),
      rule('llm-calls', 'allow', {
        from: ['node:gateway'],
        to: ['api.openai.com'],
        on: ['tcp/443'],
        methods: ['POST'],
        paths: ['/v1/chat/*', '/v1/embeddings'],
      }),
      rule('dns', 'allow', { from: ['zone:vpc'], to: ['10.0.0.2'], on: ['udp/53', 'tcp/53'] }),
      rule('aws-apis', 'allow', {
        from: ['node:notebook'],
        to: ['zone:aws'],
        on: ['tcp/443', 'icmp'],
      }),
    ],
    { action: 'deny', log: true },
  );
  return {
    name: 'ml-platform',
    about:
      'the documented example: sets, static and unresolved domains, methods/paths, log, default deny log',
    input: exportInput(pol, topo),
    options: {},
  };
}

function proxyDelegation(): ExportCase {
  const topo = topology(
    'proxied',
    [zone('lan', 'internal', ['10.20.0.0/16']), zone('internet', 'external')],
    [
      node('agents', 'lan', { roles: ['agent'], addresses: ['10.20.1.0/24'] }),
      node('batch', 'lan', { roles: ['batch'], addresses: ['10.20.2.0/24'] }),
      node('egress-proxy', 'lan', { kind: 'proxy', roles: ['proxy'], addresses: ['10.20.0.8'] }),
      node('search', 'internet', { kind: 'saas', hosts: ['api.search.example'] }),
      node('hub', 'internet', { hosts: ['hub.example'], addresses: ['192.0.2.10'] }),
    ],
    [
      { from: 'agents', to: 'egress-proxy', service: 'tcp/8080', note: 'HTTP proxy' },
      { from: 'batch', to: 'egress-proxy', service: 'tcp/8080' },
    ],
  );
  const pol = policy('proxied', [
    rule('no-evil', 'deny', { from: ['any'], to: ['*.evil.example'], log: true }),
    rule('search', 'allow', {
      from: ['role:agent'],
      to: ['api.search.example'],
      on: ['tcp/443'],
      methods: ['GET'],
      description: 'Agents may search the web.',
    }),
    rule('hub', 'allow', {
      from: ['role:batch'],
      to: ['hub.example', 'node:search'],
      on: ['tcp/443'],
    }),
    rule('any-out', 'deny', { from: ['role:agent'], to: ['any'] }),
  ]);
  return {
    name: 'proxy-delegation',
    about: 'a proxy node: names without static addresses are delegated at their rule position',
    input: exportInput(pol, topo),
    options: {},
  };
}

function hostFirewall(): ExportCase {
  const topo = topology(
    'host',
    [zone('host', 'internal', ['192.168.10.0/24', 'fd00:abcd::/64']), zone('internet', 'external')],
    [node('me', 'host', { roles: ['notebook'], addresses: ['192.168.10.5', 'fd00:abcd::5'] })],
  );
  const pol = policy(
    'host',
    [
      rule('no-smtp', 'deny', {
        from: ['any'],
        to: ['any'],
        on: ['tcp/25', 'tcp/465', 'tcp/587'],
        log: true,
      }),
      rule('ping', 'allow', { from: ['role:notebook'], to: ['any'], on: ['icmp'] }),
      rule('ntp', 'allow', { from: ['node:me'], to: ['any'], on: ['udp/123'] }),
    ],
    { action: 'allow' },
  );
  return {
    name: 'host-firewall',
    about: 'output hook (host firewall), default allow, ICMP for both families, bare protocols',
    input: exportInput(pol, topo),
    options: { hook: 'output' },
  };
}

function noTopology(): ExportCase {
  const pol = policy('bare', [
    rule('web', 'allow', { from: ['10.0.0.0/8'], to: ['any'], on: ['tcp/80', 'tcp/443'] }),
    rule('named', 'allow', { from: ['node:laptop'], to: ['203.0.113.7'] }),
    rule('by-role', 'allow', { from: ['role:trainer'], to: ['any'] }),
    rule('v6-only', 'deny', { from: ['10.0.0.0/8'], to: ['2001:db8::/32'] }),
  ]);
  return {
    name: 'no-topology',
    about: 'a policy without topology: no guard, node: cannot be seen, role: matches nothing',
    input: exportInput(pol),
    options: {},
  };
}

function nestedAddresses(): ExportCase {
  const topo = topology(
    'nested',
    [
      zone('lan', 'internal', ['10.1.0.0/16']),
      zone('dmz', 'internal', ['10.9.0.0/24']),
      zone('internet', 'external'),
    ],
    [
      node('cluster', 'lan', { roles: ['trainer'], addresses: ['10.1.0.0/16'] }),
      node('bastion', 'lan', { roles: ['admin'], addresses: ['10.1.2.0/24'] }),
      node('jump', 'dmz', { roles: ['trainer'], addresses: ['10.9.0.7'] }),
      node('laptop', 'lan', { roles: ['trainer'] }),
      node('mirror', 'internet', {
        roles: ['mirror'],
        addresses: ['198.51.100.0/24', '2001:db8:1::/48'],
      }),
      node('mirror-ssh', 'internet', { addresses: ['198.51.100.22'] }),
    ],
  );
  const pol = policy('nested', [
    rule('trainers-out', 'allow', {
      from: ['role:trainer'],
      to: ['role:mirror'],
      on: ['tcp/22', 'tcp/443', 'udp/8000-8100'],
    }),
    rule('admins', 'allow', {
      from: ['zone:lan'],
      to: ['node:mirror-ssh'],
      on: ['tcp/22'],
      log: true,
    }),
  ]);
  return {
    name: 'nested-addresses',
    about:
      'longest-prefix regions (a role minus a nested node), an address-less node, no internal IPv6',
    input: exportInput(pol, topo),
    options: {},
  };
}

function longNames(): ExportCase {
  const topo = topology(
    'long-names',
    [zone('lan', 'internal', ['10.5.0.0/16']), zone('internet', 'external')],
    [
      node('svc', 'lan', {
        roles: ['svc'],
        addresses: ['10.5.1.1', '10.5.1.2', '10.5.1.3', '10.5.1.9', '10.5.2.0/25', '10.5.2.128/25'],
      }),
      node('api', 'internet', { hosts: ['my-api.example-cloud.io'], addresses: ['203.0.113.50'] }),
    ],
  );
  const ports = [
    21, 22, 23, 25, 53, 80, 110, 143, 443, 465, 587, 993, 995, 1000, 2000, 3000, 4000, 5000,
  ];
  const pol = policy(
    'long-names',
    [
      rule('a-really-long-rule-identifier-for-logging', 'allow', {
        from: ['role:svc'],
        to: ['*.my-api.example-cloud.io', 'my-api.example-cloud.io'],
        on: [...ports.map((p) => `tcp/${p}`), 'tcp/6000-6010', 'tcp/7000-7010'],
        log: true,
      }),
      rule('paths', 'allow', {
        from: ['role:svc'],
        to: ['my-api.example-cloud.io'],
        on: ['tcp/80'],
        methods: ['GET', 'HEAD'],
        paths: ['/v1.0/items(all)/*', '/health$check', '/a+b?c'],
      }),
      rule('deny-posts', 'deny', {
        from: ['any'],
        to: ['my-api.example-cloud.io'],
        on: ['tcp/443'],
        methods: ['POST'],
      }),
    ],
    { action: 'deny', log: true },
  );
  return {
    name: 'long-names',
    about: 'log prefixes cut to the kernel limit, multiport chunks, merged sets, regex escaping',
    input: exportInput(pol, topo),
    options: {},
  };
}

export const EXPORT_CASES: ExportCase[] = [
  mlPlatform(),
  proxyDelegation(),
  hostFirewall(),
  noTopology(),
  nestedAddresses(),
  longNames(),
];
