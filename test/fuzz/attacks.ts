/**
 * Inputs of the fuzz suite: mutations of the example projects (bytes inserted, deleted,
 * repeated; NULs, invalid UTF-8, CR/CRLF mixes, enormous numbers) and structured attacks
 * aimed at the input limits of docs/language.md "Input limits" (huge lines and files, deep
 * nesting, YAML alias bombs). Files are bytes, so that invalid UTF-8 reaches the CLI as is.
 */
import type { Random } from './random.js';

export interface ProjectFiles {
  policy: Buffer;
  topology: Buffer;
  flows: Buffer;
}

export type FileName = keyof ProjectFiles;

const utf8 = (text: string): Buffer => Buffer.from(text, 'utf8');

const ENORMOUS = [
  '99999999999999999999999999999999',
  '1e309',
  '-0',
  '0x7fffffffffffffff',
  '18446744073709551616',
  '4294967296',
  'NaN',
  '.inf',
];

const NASTY = [
  '\u0000',
  '\r',
  '\r\n',
  '\n\n\n',
  '\t',
  '\u2028',
  '\ufeff',
  '\ud800',
  '"',
  "'",
  '[',
  '{',
  '*a',
  '&a',
  '---',
  '#',
  ':',
  '::ffff:10.0.0.1',
  '::ffff:169.254.169.254',
  '%',
  '\\',
];

/** One random edit of `bytes`. */
function mutateOnce(bytes: Buffer, r: Random): Buffer {
  const at = r.int(bytes.length + 1);
  const span = Math.min(bytes.length - at, 1 + r.int(64));
  switch (r.int(9)) {
    case 0: // delete a span
      return Buffer.concat([bytes.subarray(0, at), bytes.subarray(at + span)]);
    case 1: // repeat a span
      return Buffer.concat([
        bytes.subarray(0, at + span),
        bytes.subarray(at, at + span),
        bytes.subarray(at),
      ]);
    case 2: // a nasty token
      return Buffer.concat([bytes.subarray(0, at), utf8(r.pick(NASTY)), bytes.subarray(at)]);
    case 3: // invalid UTF-8: a lone continuation byte, an overlong form, a truncated sequence
      return Buffer.concat([
        bytes.subarray(0, at),
        Buffer.from(r.pick([[0x80], [0xc0, 0xaf], [0xe2, 0x82], [0xff, 0xfe], [0xed, 0xa0, 0x80]])),
        bytes.subarray(at),
      ]);
    case 4: // an enormous number in place of a digit run
      return utf8(bytes.toString('latin1').replace(/\d+/, () => r.pick(ENORMOUS)));
    case 5: // line endings: every LF becomes CRLF or CR from here on
      return Buffer.concat([
        bytes.subarray(0, at),
        utf8(
          bytes
            .subarray(at)
            .toString('latin1')
            .replace(/\n/g, r.pick(['\r\n', '\r'])),
        ),
      ]);
    case 6: // a random byte
      return Buffer.concat([bytes.subarray(0, at), Buffer.from([r.int(256)]), bytes.subarray(at)]);
    case 7: {
      // swap two lines
      const lines = bytes.toString('latin1').split('\n');
      const i = r.int(lines.length);
      const j = r.int(lines.length);
      [lines[i], lines[j]] = [lines[j]!, lines[i]!];
      return Buffer.from(lines.join('\n'), 'latin1');
    }
    default: // truncate
      return bytes.subarray(0, at);
  }
}

export function mutate(bytes: Buffer, r: Random): Buffer {
  let out = bytes;
  const edits = 1 + r.int(6);
  for (let i = 0; i < edits; i++) out = mutateOnce(out, r);
  return out;
}

/** Structured attacks on one file, each named for the report. */
export const ATTACKS: Record<FileName, Record<string, (r: Random) => Buffer>> = {
  topology: {
    'million nested [': () => utf8(`name: x\nzones: ${'['.repeat(1_000_000)}\n`),
    'nested [ on short lines': () =>
      utf8(`name: x\nzones: ${`${'['.repeat(5_000)}\n`.repeat(200)}`),
    'deep block indentation': () =>
      utf8(Array.from({ length: 3_000 }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n') + ' x\n'),
    'compact - - - entries': () => utf8(`name: x\nzones:\n  ${'- '.repeat(40_000)}x\n`),
    'alias bomb': () => {
      const lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
      for (let i = 1; i < 10; i++) {
        const name = String.fromCharCode(97 + i);
        const prev = String.fromCharCode(96 + i);
        lines.push(`${name}: &${name} [${Array(9).fill(`*${prev}`).join(',')}]`);
      }
      return utf8(`${lines.join('\n')}\nname: bomb\n`);
    },
    'huge line': () => utf8(`name: ${'x'.repeat(3_000_000)}\n`),
    'just over the size limit': () => utf8(`name: x\n${`# ${'y'.repeat(998)}\n`.repeat(2_200)}`),
    'many nodes': () =>
      utf8(
        `name: x\nzones: [{id: z, kind: internal, cidrs: [10.0.0.0/8]}]\nnodes:\n${Array.from(
          { length: 21_000 },
          (_, i) => `  - {id: n${i}, kind: generic, zone: z}`,
        ).join('\n')}\n`,
      ),
    'enormous numbers': (r) =>
      utf8(
        `version: ${r.pick(ENORMOUS)}\nname: x\nnodes:\n  - id: a\n    kind: generic\n    zone: z\n    position: {x: ${r.pick(ENORMOUS)}, y: 1e400}\n`,
      ),
    NUL: () => utf8('name: x\u0000\n'),
    'invalid UTF-8': () =>
      Buffer.concat([utf8('name: '), Buffer.from([0xc3, 0x28, 0xa0, 0xa1]), utf8('\n')]),
    'CR and CRLF mixed': () =>
      utf8('version: 1\r\nname: x\rzones:\r\n  - id: z\r    kind: internal\n'),
    'mapped addresses': () =>
      utf8(
        'name: x\nzones:\n  - {id: z, kind: internal, cidrs: ["::ffff:10.0.0.0/104", "::ffff:0:0/95"]}\nnodes:\n  - {id: a, kind: generic, zone: z, addresses: ["::ffff:10.1.2.3", "::ffff:a9fe:a9fe"]}\n',
      ),
  },
  policy: {
    'huge line': () => utf8(`policy p\nhosts h = ${'a.com, '.repeat(400_000)}b.com\n`),
    'just over the size limit': () => utf8(`policy p\n${`# ${'y'.repeat(998)}\n`.repeat(4_300)}`),
    'many rules': () =>
      utf8(
        `policy p\n${Array.from({ length: 50_001 }, (_, i) => `allow r${i} from any to a${i}.com`).join('\n')}\n`,
      ),
    'exponential sets': () => {
      const lines = ['policy p', 'hosts s0 = a.com, b.com'];
      for (let i = 1; i < 40; i++) lines.push(`hosts s${i} = s${i - 1}, s${i - 1}`);
      lines.push('allow r from any to s39');
      return utf8(lines.join('\n'));
    },
    'deep sets': () => {
      const lines = ['policy p', 'hosts s0 = a.com'];
      for (let i = 1; i < 5_000; i++) lines.push(`hosts s${i} = s${i - 1}`);
      return utf8(lines.join('\n'));
    },
    'enormous ports': (r) =>
      utf8(
        `policy p\nallow r from any to a.com on tcp/${r.pick(ENORMOUS)}\nexpect allow 10.0.0.1 -> a.com on tcp/${r.pick(ENORMOUS)}\n`,
      ),
    NUL: () => utf8('policy p\u0000\n'),
    'invalid UTF-8': () =>
      Buffer.concat([
        utf8('policy p\nallow r from any to '),
        Buffer.from([0xff, 0xfe]),
        utf8('.com\n'),
      ]),
    'CR and CRLF mixed': () => utf8('policy p\r\nallow r from any\r  to a.com\ndefault deny\r\n'),
    'many problems': () => utf8('alow x\n'.repeat(30_000)),
    'mapped addresses': () =>
      utf8(
        'policy p\ndeny m from any to ::ffff:169.254.169.254\nallow w from any to ::/0, ::ffff:10.0.0.0/80\nexpect deny ::ffff:10.0.0.1 -> ::ffff:a9fe:a9fe on tcp/80 by m\n',
      ),
  },
  flows: {
    'huge line': () => utf8(`src,host,ip,proto,port\n${'a'.repeat(5_000_000)},x.com,,tcp,443\n`),
    'many columns': () =>
      utf8(`src,host,ip,proto,port${',x'.repeat(100_000)}\n10.0.0.1,a.com,,tcp,443\n`),
    NUL: () => utf8('src,host,ip,proto,port\n10.0.0.1\u0000,a.com,,tcp,443\n'),
    'invalid UTF-8': () =>
      Buffer.concat([
        utf8('src,host,ip,proto,port\n10.0.0.1,'),
        Buffer.from([0xc0, 0xaf]),
        utf8('.com,,tcp,443\n'),
      ]),
    'CR and CRLF mixed': () =>
      utf8('src,host,ip,proto,port\r\n10.0.0.1,a.com,,tcp,443\r10.0.0.2,b.com,,udp,53\n'),
    'enormous numbers': (r) =>
      utf8(`src,host,ip,proto,port\n10.0.0.1,a.com,,tcp,${r.pick(ENORMOUS)}\n`),
    'malformed sources': () =>
      utf8(
        'src,host,ip,proto,port\n10.30.1.999,a.com,,tcp,443\nfd00::1%eth0,a.com,,tcp,443\n::ffff:10.30.1.5,a.com,,tcp,443\n',
      ),
    'deep JSON': () => utf8(`${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}\n`),
    'many lines': (r) =>
      utf8(
        `src,host,ip,proto,port\n${Array.from({ length: 50_000 }, (_, i) => `10.0.${i & 255}.${r.int(256)},h${i % 97}.com,,tcp,${1 + (i % 65535)}`).join('\n')}\n`,
      ),
  },
};

/** A flow file of the example's own names and addresses, for mutation. */
export function sampleFlows(jsonl: boolean): Buffer {
  const rows = [
    { src: 'trainer', host: 'pypi.org', proto: 'tcp', port: 443 },
    { src: '10.30.1.5', ip: '169.254.169.254', proto: 'tcp', port: 80 },
    {
      src: '::ffff:10.30.1.5',
      host: 'huggingface.co',
      proto: 'tcp',
      port: 443,
      method: 'GET',
      path: '/api',
    },
    { src: 'fd00:30:0:1::25', ip: '2001:db8:40::1', proto: 'udp', port: 53 },
  ];
  if (jsonl) return utf8(rows.map((row) => JSON.stringify(row)).join('\n') + '\n');
  const cols = ['src', 'host', 'ip', 'proto', 'port', 'method', 'path'] as const;
  const lines = rows.map((row) =>
    cols.map((c) => String((row as Record<string, unknown>)[c] ?? '')).join(','),
  );
  return utf8([cols.join(','), ...lines].join('\n') + '\n');
}
