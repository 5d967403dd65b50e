/**
 * The `.egress` language for Monaco (docs/language.md): Monarch tokens and editing behaviour.
 * Plain data, so the token rules can be read and tested without an editor.
 */
import type { languages } from 'monaco-editor/editor/editor.api';

export const EGRESS_LANGUAGE_ID = 'egress';

export const EGRESS_KEYWORDS = [
  'policy',
  'hosts',
  'nets',
  'services',
  'allow',
  'deny',
  'from',
  'to',
  'on',
  'methods',
  'paths',
  'log',
  'default',
  'expect',
  'by',
  'any',
  'method',
  'path',
] as const;

export const HTTP_METHODS = [
  'GET',
  'HEAD',
  'POST',
  'PUT',
  'PATCH',
  'DELETE',
  'OPTIONS',
  'CONNECT',
  'TRACE',
];

const NAME = /[a-z][a-z0-9_-]*/.source;

export const egressMonarch: languages.IMonarchLanguage = {
  defaultToken: '',
  ignoreCase: false,
  keywords: EGRESS_KEYWORDS.filter((k) => k !== 'allow' && k !== 'deny'),
  methods: HTTP_METHODS,
  tokenizer: {
    root: [
      [/#.*$/, 'comment'],
      [/\s+/, 'white'],
      // `allow ID from …` / `deny ID from …`: the rule id (an `expect allow` has none).
      [
        new RegExp(`(allow|deny)(\\s+)(${NAME})(?=\\s+from\\b)`),
        ['keyword.$1', 'white', 'entity.rule'],
      ],
      // `expect all|none allowed|denied from …`: quantifier words mean something only here.
      [
        /(expect)(\s+)(all|none)(\s+)(allowed)\b/,
        ['keyword', 'white', 'keyword', 'white', 'keyword.allow'],
      ],
      [
        /(expect)(\s+)(all|none)(\s+)(denied)\b/,
        ['keyword', 'white', 'keyword', 'white', 'keyword.deny'],
      ],
      [/allow\b/, 'keyword.allow'],
      [/deny\b/, 'keyword.deny'],
      [new RegExp(`(hosts|nets|services)(\\s+)(${NAME})`), ['keyword', 'white', 'entity.set']],
      [new RegExp(`(policy)(\\s+)(${NAME})`), ['keyword', 'white', 'entity.policy']],
      [new RegExp(`(by)(\\s+)(${NAME})`), ['keyword', 'white', 'entity.rule']],
      [
        /(role|node|zone)(:)([a-z0-9][a-z0-9_-]*)/,
        ['type.prefix', 'delimiter.prefix', 'variable.ref'],
      ],
      [/(tcp|udp)(\/)(\d+(?:-\d+)?)/, ['type.proto', 'delimiter', 'number.port']],
      [/\b(?:tcp|udp|icmp)\b/, 'type.proto'],
      [/\d{1,3}(?:\.\d{1,3}){3}(?:\/\d{1,3})?/, 'number.cidr'],
      [/(?:[0-9a-fA-F]{0,4}:){2,7}[0-9a-fA-F]{0,4}(?:\/\d{1,3})?/, 'number.cidr'],
      [/(?:\*\.)?(?:[a-zA-Z0-9_-]+\.)+[a-zA-Z][a-zA-Z0-9-]*\.?/, 'string.domain'],
      [/\/[^\s,#]*/, 'string.path'],
      [/->/, 'operator.arrow'],
      [/=/, 'operator'],
      [/,/, 'delimiter'],
      [/[A-Z]+\b/, { cases: { '@methods': 'constant.method', '@default': 'invalid' } }],
      [/[a-z][a-z0-9_-]*/, { cases: { '@keywords': 'keyword', '@default': 'identifier' } }],
      [/./, 'invalid'],
    ],
  },
};

export const egressLanguageConfiguration: languages.LanguageConfiguration = {
  comments: { lineComment: '#' },
  // Names contain dashes; domains contain dots and a leading `*.`.
  wordPattern: /(\*\.)?[a-zA-Z0-9_][a-zA-Z0-9_.\-/]*/,
  brackets: [],
  autoClosingPairs: [],
  onEnterRules: [],
};
