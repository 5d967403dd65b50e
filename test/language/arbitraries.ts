/**
 * fast-check arbitraries for the policy language: token soups (keywords, punctuation and
 * item-like words in any order) and valid policies rendered with random layout (spacing,
 * continuation lines, comma breaks, comments, blank lines), so that formatting can be checked
 * to change layout only.
 */
import fc from 'fast-check';
import { KEYWORDS } from '../../simulator/language/index.js';
import { QUANTIFIER_WORDS } from '../../simulator/language/keywords.js';

const WORDS = [
  ...KEYWORDS,
  ...QUANTIFIER_WORDS,
  'ALLOW',
  'From',
  'pypi.org',
  '*.hf.co',
  'a..b',
  '10.0.0.0/8',
  '10.0.0.1/8',
  'fd00::1',
  '300.1.1.1',
  'role:trainer',
  'node:',
  'zone:vpc',
  'rol:x',
  'tcp/443',
  'udp/1-2',
  'icmp/8',
  'tcp/0',
  '/v1/*',
  '/a*b',
  'GET',
  'get',
  'a',
  'b',
  'set1',
  'default',
  '"q"',
  'é',
];
const PUNCTUATION = [',', '=', '->', '#', '# comment', ',,', '-'];
const SEPARATORS = [' ', ' ', ' ', '', '\n', '\n  ', '\t', '\r\n', '\r', '\n\n', ',\n'];

/** Random sequences of the language's words and punctuation with random separators. */
export const tokenSoup: fc.Arbitrary<string> = fc
  .array(fc.tuple(fc.constantFrom(...WORDS, ...PUNCTUATION), fc.constantFrom(...SEPARATORS)), {
    maxLength: 80,
  })
  .map((parts) => parts.map(([w, s]) => w + s).join(''));

// --- valid policies --------------------------------------------------------------------

/** A statement as tokens; `gap[i]` says what may stand before token i. */
type Gap = 'space' | 'tight' | 'clause' | 'afterComma';
interface Tok {
  text: string;
  gap: Gap;
}

const DOMAINS = [
  'pypi.org',
  'files.pythonhosted.org',
  '*.huggingface.co',
  'API.OpenAI.com',
  'x.y.z.example',
];
const ADDRESSES = [
  '10.0.0.0/8',
  '10.1.2.3',
  'fd00::/8',
  '2001:db8::1',
  '169.254.169.254',
  '10.0.0.1/16',
];
const PEERS = ['any', 'role:trainer', 'node:gateway', 'zone:vpc'];
const SERVICES = ['any', 'tcp', 'udp', 'icmp', 'tcp/443', 'udp/53', 'tcp/8000-8100'];
const METHODS = ['GET', 'POST', 'DELETE'];
const PATHS = ['/v1/*', '/v1/chat/completions', '/'];

function list(items: string[], first: Gap): Tok[] {
  const out: Tok[] = [];
  items.forEach((text, i) => {
    if (i > 0) out.push({ text: ',', gap: 'tight' }, { text, gap: 'afterComma' });
    else out.push({ text, gap: first });
  });
  return out;
}

interface Plan {
  sets: Array<{ kind: 'hosts' | 'nets' | 'services'; items: string[]; refs: number[] }>;
  rules: Array<{
    deny: boolean;
    from: string[];
    to: string[];
    on: string[] | null;
    methods: string[] | null;
    paths: string[] | null;
    log: boolean;
  }>;
  defaultAllow: boolean | null;
  expects: Array<{
    src: string;
    dst: string;
    svc: string;
    method: string | null;
    by: number | null;
  }>;
  classes: Array<{
    all: boolean;
    allowed: boolean;
    from: string[];
    to: string[];
    on: string[] | null;
    methods: string[] | null;
    paths: string[] | null;
  }>;
}

const some = (pool: string[]) =>
  fc.uniqueArray(fc.constantFrom(...pool), { minLength: 1, maxLength: 3 });

const planArb: fc.Arbitrary<Plan> = fc.record({
  sets: fc.array(
    fc.constantFrom('hosts' as const, 'nets' as const, 'services' as const).chain((kind) =>
      fc.record({
        kind: fc.constant(kind),
        items: some(kind === 'hosts' ? DOMAINS : kind === 'nets' ? ADDRESSES : SERVICES),
        refs: fc.array(fc.nat(), { maxLength: 2 }),
      }),
    ),
    { maxLength: 5 },
  ),
  rules: fc.array(
    fc.record({
      deny: fc.boolean(),
      from: some([...PEERS, ...ADDRESSES]),
      to: some([...PEERS, ...ADDRESSES, ...DOMAINS]),
      on: fc.option(some(SERVICES), { nil: null }),
      methods: fc.option(some(METHODS), { nil: null }),
      paths: fc.option(some(PATHS), { nil: null }),
      log: fc.boolean(),
    }),
    { maxLength: 6 },
  ),
  defaultAllow: fc.option(fc.boolean(), { nil: null }),
  expects: fc.array(
    fc.record({
      src: fc.constantFrom('node:trainer', '10.0.0.1', 'fd00::2'),
      dst: fc.constantFrom('pypi.org', '1.1.1.1', 'node:pypi'),
      svc: fc.constantFrom('tcp/443', 'udp/53', 'icmp'),
      method: fc.option(fc.constantFrom(...METHODS), { nil: null }),
      by: fc.option(fc.nat(), { nil: null }),
    }),
    { maxLength: 3 },
  ),
  classes: fc.array(
    fc.record({
      all: fc.boolean(),
      allowed: fc.boolean(),
      from: some([...PEERS, ...ADDRESSES]),
      to: some([...PEERS, ...ADDRESSES, ...DOMAINS]),
      on: fc.option(some(SERVICES), { nil: null }),
      methods: fc.option(some(METHODS), { nil: null }),
      paths: fc.option(some(PATHS), { nil: null }),
    }),
    { maxLength: 2 },
  ),
});

function statements(plan: Plan): Tok[][] {
  const out: Tok[][] = [
    [
      { text: 'policy', gap: 'space' },
      { text: 'generated', gap: 'space' },
    ],
  ];
  const names: Record<string, string[]> = { hosts: [], nets: [], services: [] };
  plan.sets.forEach((s, i) => {
    const name = `${s.kind}-${i}`;
    const earlier = names[s.kind]!;
    const refs = [
      ...new Set(s.refs.filter(() => earlier.length > 0).map((r) => earlier[r % earlier.length]!)),
    ];
    out.push([
      { text: s.kind, gap: 'space' },
      { text: name, gap: 'space' },
      { text: '=', gap: 'tight' },
      ...list([...s.items, ...refs], 'tight'),
    ]);
    earlier.push(name);
  });
  const pick = (kind: string, items: string[], seed: number) =>
    names[kind]!.length > 0 && seed % 3 === 0
      ? [...items, names[kind]![seed % names[kind]!.length]!]
      : items;
  plan.rules.forEach((r, i) => {
    const toks: Tok[] = [
      { text: r.deny ? 'deny' : 'allow', gap: 'space' },
      { text: `rule-${i}`, gap: 'space' },
      { text: 'from', gap: 'space' },
      ...list(pick('nets', r.from, i), 'space'),
      { text: 'to', gap: 'clause' },
      ...list(pick('hosts', r.to, i + 1), 'space'),
    ];
    if (r.on) toks.push({ text: 'on', gap: 'clause' }, ...list(pick('services', r.on, i), 'space'));
    if (r.methods) toks.push({ text: 'methods', gap: 'clause' }, ...list(r.methods, 'space'));
    if (r.paths) toks.push({ text: 'paths', gap: 'clause' }, ...list(r.paths, 'space'));
    if (r.log) toks.push({ text: 'log', gap: 'clause' });
    out.push(toks);
  });
  if (plan.defaultAllow !== null) {
    out.push([
      { text: 'default', gap: 'space' },
      { text: plan.defaultAllow ? 'allow' : 'deny', gap: 'space' },
    ]);
  }
  for (const e of plan.expects) {
    const toks: Tok[] = [
      { text: 'expect', gap: 'space' },
      { text: 'allow', gap: 'space' },
      { text: e.src, gap: 'space' },
      { text: '->', gap: 'tight' },
      { text: e.dst, gap: 'tight' },
      { text: 'on', gap: 'clause' },
      { text: e.svc, gap: 'space' },
    ];
    if (e.method) toks.push({ text: 'method', gap: 'clause' }, { text: e.method, gap: 'space' });
    if (e.by !== null && plan.rules.length > 0) {
      toks.push(
        { text: 'by', gap: 'clause' },
        { text: `rule-${e.by % plan.rules.length}`, gap: 'space' },
      );
    }
    out.push(toks);
  }
  plan.classes.forEach((c, i) => {
    const toks: Tok[] = [
      { text: 'expect', gap: 'space' },
      { text: c.all ? 'all' : 'none', gap: 'space' },
      { text: c.allowed ? 'allowed' : 'denied', gap: 'space' },
      { text: 'from', gap: 'space' },
      ...list(pick('nets', c.from, i), 'space'),
      { text: 'to', gap: 'clause' },
      ...list(pick('hosts', c.to, i + 1), 'space'),
    ];
    if (c.on) toks.push({ text: 'on', gap: 'clause' }, ...list(pick('services', c.on, i), 'space'));
    if (c.methods) toks.push({ text: 'methods', gap: 'clause' }, ...list(c.methods, 'space'));
    if (c.paths) toks.push({ text: 'paths', gap: 'clause' }, ...list(c.paths, 'space'));
    out.push(toks);
  });
  return out;
}

/** Layout choices, consumed in order while rendering (cycled when exhausted). */
const layoutArb = fc.array(fc.nat({ max: 99 }), { minLength: 1, maxLength: 200 });

function render(stmts: Tok[][], layout: number[]): string {
  let k = 0;
  const next = () => layout[k++ % layout.length]!;
  const comment = () => `# note ${next()}`;
  let text = next() % 5 === 0 ? '\n' : '';
  for (const stmt of stmts) {
    if (next() % 4 === 0) text += `${comment()}\n`; // a description
    if (next() % 6 === 0) text += ' '.repeat(1 + (next() % 3)); // an indented statement line
    stmt.forEach((tok, i) => {
      if (i === 0) {
        text += tok.text;
        return;
      }
      const r = next();
      const trailing = r % 7 === 0 ? ` ${comment()}` : '';
      if (tok.gap === 'afterComma' && r % 3 === 0) {
        text += `${trailing}\n${r % 2 === 0 ? '' : '    '}${tok.text}`;
      } else if (tok.gap === 'clause' && r % 3 === 0) {
        text += `${trailing}\n${r % 2 === 0 ? '\t' : '  '}${tok.text}`;
      } else if (tok.gap === 'tight') {
        text += (r % 2 === 0 ? '' : ' ') + tok.text;
      } else {
        text += ' '.repeat(1 + (r % 3)) + tok.text;
      }
    });
    if (next() % 5 === 0) text += ` ${comment()}`;
    text += next() % 4 === 0 ? '\n\n\n' : '\n';
  }
  return text;
}

/** A valid policy (no syntax errors) with random layout. */
export const layoutPolicy: fc.Arbitrary<string> = fc
  .tuple(planArb, layoutArb)
  .map(([plan, layout]) => render(statements(plan), layout));
