/** The checker: the model it builds, names and sets, validation, topology references, symbols. */
import { describe, expect, it } from 'vitest';
import type { Topology } from '../../simulator/core/model.js';
import { checkPolicy } from '../../simulator/language/index.js';

const strip = <T>(value: T): T =>
  JSON.parse(JSON.stringify(value, (k, v: unknown) => (k === 'range' ? undefined : v))) as T;

function check(body: string, topology?: Topology) {
  return checkPolicy(`policy p\n${body}`, topology ? { topology } : {});
}

function codes(body: string, topology?: Topology): string[] {
  return check(body, topology).diagnostics.map((d) => d.code);
}

const topology: Topology = {
  version: 1,
  name: 't',
  zones: [{ id: 'vpc', kind: 'internal', cidrs: ['10.0.0.0/16'] }],
  nodes: [
    {
      id: 'trainer',
      kind: 'training-job',
      zone: 'vpc',
      roles: ['trainer'],
      addresses: [],
      hosts: [],
    },
    {
      id: 'gateway',
      kind: 'proxy',
      zone: 'vpc',
      roles: ['llm-gateway', 'trainer'],
      addresses: [],
      hosts: [],
    },
  ],
  edges: [],
};

describe('the model', () => {
  it('turns items into canonical model items', () => {
    const { model, diagnostics } = check(
      'allow r from 10.0.0.1, fd00::1, 10.0.0.0/8, role:a, node:b, zone:c to PyPI.org., *.HF.co, any on tcp, udp/53, tcp/8000-8100, icmp, any\n',
    );
    expect(diagnostics).toEqual([]);
    const rule = strip(model.rules[0]!);
    expect(rule.from).toEqual([
      { kind: 'cidr', cidr: '10.0.0.1/32', via: [] },
      { kind: 'cidr', cidr: 'fd00::1/128', via: [] },
      { kind: 'cidr', cidr: '10.0.0.0/8', via: [] },
      { kind: 'role', name: 'a', via: [] },
      { kind: 'node', name: 'b', via: [] },
      { kind: 'zone', name: 'c', via: [] },
    ]);
    expect(rule.to).toEqual([
      { kind: 'domain', domain: 'pypi.org', via: [] },
      { kind: 'wildcard', suffix: 'hf.co', via: [] },
      { kind: 'any', via: [] },
    ]);
    expect(rule.services).toEqual([
      { kind: 'proto', proto: 'tcp', via: [] },
      { kind: 'proto', proto: 'udp', ports: { lo: 53, hi: 53 }, via: [] },
      { kind: 'proto', proto: 'tcp', ports: { lo: 8000, hi: 8100 }, via: [] },
      { kind: 'proto', proto: 'icmp', via: [] },
      { kind: 'any', via: [] },
    ]);
  });

  it('keeps absent clauses as null and numbers rules in file order', () => {
    const { model } = check(
      'allow a from any to any\ndeny b from any to x.com methods GET paths /v1/*, /x log\n',
    );
    expect(model.rules.map((r) => [r.id, r.index, r.services, r.methods, r.log])).toEqual([
      ['a', 0, null, null, false],
      ['b', 1, null, ['GET'], true],
    ]);
    expect(model.rules[1]!.paths).toEqual([
      { path: '/v1/', prefix: true },
      { path: '/x', prefix: false },
    ]);
  });

  it('normalises a CIDR with host bits and warns', () => {
    const { model, diagnostics } = check('nets n = 10.1.2.3/16, 2001:db8::1/32\n');
    expect(model.sets[0]!.nets.map((i) => (i.kind === 'cidr' ? i.cidr : ''))).toEqual([
      '10.1.0.0/16',
      '2001:db8::/32',
    ]);
    expect(diagnostics.map((d) => [d.code, d.severity])).toEqual([
      ['EGS1103', 'warning'],
      ['EGS1103', 'warning'],
    ]);
  });

  it('canonicalises IPv6 in every form', () => {
    const { model } = check('nets n = 2001:DB8:0:0:0:0:0:1, 2001:db8::0:1/128, ::, ::/0\n');
    expect(model.sets[0]!.nets.map((i) => (i.kind === 'cidr' ? i.cidr : ''))).toEqual([
      '2001:db8::1/128',
      '2001:db8::1/128',
      '::/128',
      '::/0',
    ]);
  });

  it('reads the default and its absence', () => {
    expect(check('').model.default).toEqual({ action: 'deny', log: false });
    expect(strip(check('default allow log\n').model.default)).toEqual({
      action: 'allow',
      log: true,
    });
  });

  it('builds expectations with canonical addresses', () => {
    const { model } = check(
      'allow r from any to any\nexpect deny 2001:DB8::1 -> node:gw on udp/53 method GET path /x by r\nexpect allow node:t -> Example.COM on icmp\n',
    );
    expect(strip(model.expectations)).toEqual([
      {
        verdict: 'deny',
        endpoint: { kind: 'ip', ip: '2001:db8::1' },
        target: { kind: 'node', name: 'gw' },
        proto: 'udp',
        port: 53,
        method: 'GET',
        path: '/x',
        by: 'r',
      },
      {
        verdict: 'allow',
        endpoint: { kind: 'node', name: 't' },
        target: { kind: 'domain', domain: 'example.com' },
        proto: 'icmp',
      },
    ]);
  });

  it('leaves out rules and expectations with errors but keeps their ids defined', () => {
    const { model, diagnostics } = check(
      'allow bad from any to x..com\nallow good from any to x.com\nexpect allow 10.0.0.1 -> x.com on tcp/443 by bad\n',
    );
    expect(model.rules.map((r) => r.id)).toEqual(['good']);
    expect(model.rules[0]!.index).toBe(0);
    expect(model.expectations).toHaveLength(1);
    expect(diagnostics.map((d) => d.code)).toEqual(['EGS1101']);
  });
});

describe('sets', () => {
  it('flattens nested sets with via chains, outermost first', () => {
    const { model } = check(
      'hosts a = a.com\nhosts b = a, b.com\nhosts c = b\nallow r from any to c, d.com\n',
    );
    const c = model.sets.find((s) => s.name === 'c')!;
    expect(strip(c.hosts)).toEqual([
      { kind: 'domain', domain: 'a.com', via: ['b', 'a'] },
      { kind: 'domain', domain: 'b.com', via: ['b'] },
    ]);
    expect(strip(model.rules[0]!.to)).toEqual([
      { kind: 'domain', domain: 'a.com', via: ['c', 'b', 'a'] },
      { kind: 'domain', domain: 'b.com', via: ['c', 'b'] },
      { kind: 'domain', domain: 'd.com', via: [] },
    ]);
  });

  it('points a flattened member at the place it is written', () => {
    const { model } = check('hosts a = a.com\nallow r from any to a\n');
    expect(model.rules[0]!.to[0]!.range?.start).toMatchObject({ line: 2, column: 11 });
  });

  it('lets a set use a set defined later', () => {
    expect(codes('hosts b = a\nhosts a = a.com\n')).toEqual([]);
  });

  it('reports each cycle once, at the reference that closes it', () => {
    const { diagnostics } = check(
      'hosts a = b\nhosts b = c\nhosts c = a, c.com\nallow r from any to a\n',
    );
    expect(diagnostics.map((d) => [d.code, d.range?.start.line])).toEqual([['EGS2005', 4]]);
    expect(diagnostics[0]!.message).toContain('a → b → c → a');
  });

  it('rejects a set of the wrong kind in each place', () => {
    expect(
      codes('hosts h = a.com\nnets n = 10.0.0.0/8\nservices s = tcp/1\nallow r from h to s on n\n'),
    ).toEqual(['EGS2003', 'EGS2003', 'EGS2003']);
  });

  it('suggests only sets that could stand in the place', () => {
    const near = check('hosts pypi = pypi.org\nallow r from any to pypy\n').diagnostics[0]!;
    expect(near.message).toMatch(/^unknown set "pypy" \(did you mean "pypi"\?\);/);
    const wrongKind = check('services pypi = tcp/1\nallow r from any to pypy\n').diagnostics[0]!;
    expect(wrongKind.message).toMatch(/^unknown set "pypy"; define it with "hosts pypy = …"/);
  });

  it('warns about an empty set once, not about sets emptied by errors', () => {
    expect(codes('hosts e =\nhosts f = e\nhosts g = bad..x\n')).toEqual([
      'EGS2101',
      'EGS2101',
      'EGS1101',
    ]);
  });
});

describe('names', () => {
  it('shares one namespace between sets and rules, pointing at the first definition', () => {
    const { diagnostics } = check('hosts x = a.com\nallow x from any to any\n');
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]!.code).toBe('EGS2001');
    expect(diagnostics[0]!.related?.[0]?.range?.start.line).toBe(2);
  });

  it('requires policy once and first, default at most once', () => {
    expect(checkPolicy('hosts h = a.com\npolicy p\n').diagnostics.map((d) => d.code)).toEqual([
      'EGS2012',
    ]);
    expect(checkPolicy('allow a from any to any\n').diagnostics.map((d) => d.code)).toEqual([
      'EGS2011',
    ]);
    expect(codes('policy q\ndefault deny\ndefault deny\n')).toEqual(['EGS2013', 'EGS2014']);
  });

  it('checks by against rules, default and inbound', () => {
    expect(codes('allow r from any to any\nexpect allow 1.2.3.4 -> a.com on tcp/1 by r\n')).toEqual(
      [],
    );
    expect(codes('expect deny 1.2.3.4 -> a.com on tcp/1 by inbound\n')).toEqual([]);
    expect(codes('expect deny 1.2.3.4 -> a.com on tcp/1 by rr\n')).toEqual(['EGS2006']);
  });
});

describe('topology references', () => {
  it('accepts roles of any node, nodes and zones that exist', () => {
    expect(
      codes(
        'allow r from role:trainer, role:llm-gateway, node:gateway, zone:vpc to node:trainer\n',
        topology,
      ),
    ).toEqual([]);
  });

  it('rejects unknown names with a suggestion, at the name', () => {
    const { diagnostics } = check(
      'allow r from role:trainr to zone:vcp\nexpect allow node:gatewy -> a.com on tcp/1\n',
      topology,
    );
    expect(diagnostics.map((d) => d.message.split(';')[0])).toEqual([
      'role "trainr" is not defined in the topology (did you mean "trainer"?)',
      'zone "vcp" is not defined in the topology (did you mean "vpc"?)',
      'node "gatewy" is not defined in the topology (did you mean "gateway"?)',
    ]);
    expect(diagnostics[0]!.range?.start.column).toBe(19);
  });

  it('does not check names without a topology', () => {
    expect(codes('allow r from role:anything to node:whatever\n')).toEqual([]);
  });
});

describe('warnings', () => {
  it('marks rules after a catch-all rule and the default as unreachable', () => {
    expect(
      codes('allow all from any to any on any\ndeny x from any to a.com\ndefault deny\n'),
    ).toEqual(['EGS2102', 'EGS2103']);
    expect(
      codes('allow all from any to any on tcp\ndeny x from any to a.com\ndefault deny\n'),
    ).toEqual([]);
  });

  it('flags an expectation whose by contradicts the verdict', () => {
    expect(codes('deny d from any to any\nexpect allow 1.1.1.1 -> a.com on tcp/1 by d\n')).toEqual([
      'EGS2104',
    ]);
  });
});

describe('symbols', () => {
  it('lists definitions with descriptions and references with their kinds', () => {
    const { symbols } = checkPolicy(
      'policy p\n# The index.\nhosts pypi = pypi.org\nallow r from role:t, zone:z to pypi, node:n\nexpect allow node:n -> pypi.org on tcp/1 by r\n',
    );
    expect(
      symbols.definitions.map((d) => [d.name, d.kind, d.description, d.range.start.line]),
    ).toEqual([
      ['pypi', 'hosts', 'The index.', 3],
      ['r', 'rule', null, 4],
    ]);
    expect(symbols.references.map((r) => [r.name, r.kind, r.range.start.column])).toEqual([
      ['t', 'role', 19],
      ['z', 'zone', 27],
      ['pypi', 'set', 32],
      ['n', 'node', 43],
      ['n', 'node', 19],
      ['r', 'rule', 45],
    ]);
  });
});

describe('diagnostics at one place', () => {
  it('keeps a name error at the place of a syntax error', () => {
    // The wrong-case keyword and the missing policy statement both point at line 1.
    const { diagnostics } = checkPolicy('Allow a from any to x.com\n');
    expect(diagnostics.map((d) => d.code)).toEqual(['EGS1005', 'EGS2011']);
  });
});
