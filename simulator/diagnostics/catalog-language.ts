/**
 * Diagnostics of the policy language (docs/language.md): EGS1xxx syntax (EGS10xx statements,
 * EGS11xx items), EGS2xxx names, references and the checks of the whole policy.
 * Every entry's `hint` says what to do; docs/language.md lists them all.
 */
import { defineDiagnostics } from './define.js';

export const LANGUAGE_DIAGNOSTICS = defineDiagnostics({
  // --- EGS10xx: statements --------------------------------------------------------------
  binaryFile: {
    code: 'EGS1001',
    severity: 'error',
    template: 'this is not a text file (it contains a NUL character)',
    hint: 'open the policy file (*.egress) instead',
  },
  unknownStatement: {
    code: 'EGS1002',
    severity: 'error',
    template: 'unknown statement "{found}"{suggestion}',
    hint: 'a statement starts with policy, hosts, nets, services, allow, deny, default or expect',
  },
  unindentedContinuation: {
    code: 'EGS1003',
    severity: 'error',
    template: '{found} cannot start a statement',
    hint: 'to continue the statement above, indent this line or end the line above with ","',
  },
  strayIndentedLine: {
    code: 'EGS1004',
    severity: 'error',
    template:
      'this indented line continues nothing: the statement above ended at a blank or comment line',
    hint: 'remove the blank or comment line between this line and its statement, or start a statement here',
  },
  keywordCase: {
    code: 'EGS1005',
    severity: 'error',
    template: 'keyword "{found}" must be lowercase',
    hint: 'write "{expected}"',
  },
  expectedToken: {
    code: 'EGS1006',
    severity: 'error',
    template: 'expected {expected}, found {found}',
    hint: 'the syntax is: {syntax}',
  },
  missingComma: {
    code: 'EGS1007',
    severity: 'error',
    template: 'expected "," or {expected} after {after}, found {found}{suggestion}',
    hint: 'separate the items of a list with ","',
  },
  danglingComma: {
    code: 'EGS1008',
    severity: 'error',
    template: 'expected {expected} after ","',
    hint: 'remove the trailing comma, or continue the list on the next line (a blank or comment line ends a statement)',
  },
  clauseOrder: {
    code: 'EGS1009',
    severity: 'error',
    template: '"{clause}" must come before "{previous}"',
    hint: 'write the clauses in the order {order}',
  },
  duplicateClause: {
    code: 'EGS1010',
    severity: 'error',
    template: '"{clause}" appears twice in this statement',
    hint: 'merge the two into one "{clause}" clause',
  },
  trailingTokens: {
    code: 'EGS1011',
    severity: 'error',
    template: 'unexpected {found} after the end of the {statement} statement',
    hint: 'remove it, or start the next statement on a new line',
  },
  tooManyDiagnostics: {
    code: 'EGS1012',
    severity: 'error',
    template: '{count} more problems in this file are not shown',
    hint: 'fix the problems above first; is this really a policy file?',
  },
  limitExceeded: {
    code: 'EGS1013',
    severity: 'error',
    template: 'the policy is too large to read: {problem} (the limit is {limit})',
    hint: '{advice}',
  },

  // --- EGS11xx: items -------------------------------------------------------------------
  invalidDomain: {
    code: 'EGS1101',
    severity: 'error',
    template: 'invalid domain "{text}": {problem}',
    hint: 'write a host name such as pypi.org, or *.example.com for every name under example.com',
  },
  invalidAddress: {
    code: 'EGS1102',
    severity: 'error',
    template: 'invalid IP address or CIDR "{text}": {problem}',
    hint: 'write an IPv4 or IPv6 address, optionally with a prefix length, such as 10.0.0.0/16 or fd00::/8',
  },
  hostBitsSet: {
    code: 'EGS1103',
    severity: 'warning',
    template: 'CIDR "{text}" has host bits set and is read as {canonical}',
    hint: 'write "{canonical}"',
  },
  invalidPort: {
    code: 'EGS1104',
    severity: 'error',
    template: 'invalid port in "{text}": {problem}',
    hint: 'ports are whole numbers from 1 to 65535; a range is LO-HI with LO ≤ HI, such as tcp/8000-8100',
  },
  icmpPort: {
    code: 'EGS1105',
    severity: 'warning',
    template: 'icmp has no ports: "{text}" is read as "icmp"',
    hint: 'write "icmp"',
  },
  invalidService: {
    code: 'EGS1106',
    severity: 'error',
    template: 'invalid service "{text}"{suggestion}',
    hint: 'write any, tcp, udp, icmp, tcp/PORT, tcp/LO-HI, udp/PORT, udp/LO-HI or a services set name',
  },
  methodCase: {
    code: 'EGS1107',
    severity: 'error',
    template: 'HTTP method "{text}" must be uppercase',
    hint: 'write "{upper}"',
  },
  unknownMethod: {
    code: 'EGS1108',
    severity: 'error',
    template: 'unknown HTTP method "{text}"{suggestion}',
    hint: 'use GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS, CONNECT or TRACE',
  },
  invalidPath: {
    code: 'EGS1109',
    severity: 'error',
    template: 'invalid path "{text}": {problem}',
    hint: '{advice}',
  },
  invalidName: {
    code: 'EGS1110',
    severity: 'error',
    template: 'invalid {what} "{text}"',
    hint: 'names are a lowercase letter followed by lowercase letters, digits, "_" or "-", such as "{example}"',
  },
  reservedName: {
    code: 'EGS1111',
    severity: 'error',
    template: '"{text}" is a keyword and cannot be a {what}',
    hint: 'choose another name, such as "{example}"',
  },
  itemNotAllowed: {
    code: 'EGS1112',
    severity: 'error',
    template: '{what} "{text}" cannot be used in {place}{suggestion}',
    hint: '{place} takes {accepted}',
  },
  unknownPrefix: {
    code: 'EGS1113',
    severity: 'error',
    template: 'unknown prefix "{prefix}:" in "{text}"{suggestion}',
    hint: 'topology references are written role:NAME, node:NAME or zone:NAME',
  },
  unrecognisedItem: {
    code: 'EGS1114',
    severity: 'error',
    template: '"{text}" is not a valid item in {place}{suggestion}',
    hint: '{place} takes {accepted}',
  },
  serviceNotConcrete: {
    code: 'EGS1115',
    severity: 'error',
    template: '"{text}" is not a single service: {problem}',
    hint: 'an expectation or flow names one service: tcp/PORT, udp/PORT or icmp',
  },
  invalidReferenceName: {
    code: 'EGS1116',
    severity: 'error',
    template: 'invalid {kind} name in "{text}"',
    hint: '{kind} ids are lowercase letters, digits, "_" and "-", such as {kind}:{example}',
  },
  mappedAddress: {
    code: 'EGS1117',
    severity: 'warning',
    template: '"{text}" is an IPv4-mapped IPv6 address and is read as the IPv4 {canonical}',
    hint: 'write "{canonical}"; IPv4 rules judge it, IPv6 networks such as ::/0 do not contain it',
  },

  // --- EGS20xx: names and references ----------------------------------------------------
  duplicateName: {
    code: 'EGS2001',
    severity: 'error',
    template: '"{name}" is already defined as {first} on line {line}',
    hint: 'rename one of them: set names and rule ids share one namespace',
  },
  unknownSet: {
    code: 'EGS2002',
    severity: 'error',
    template: 'unknown set "{name}"{suggestion}',
    hint: 'define it with {definition}, or fix the name',
  },
  wrongSetKind: {
    code: 'EGS2003',
    severity: 'error',
    template: '{kind} set "{name}" cannot be used in {place}',
    hint: '{place} takes {accepted}',
  },
  ruleUsedAsSet: {
    code: 'EGS2004',
    severity: 'error',
    template: '"{name}" is a rule, not a set',
    hint: 'use a set name here; a rule can be named only after "by" in an expect line',
  },
  setCycle: {
    code: 'EGS2005',
    severity: 'error',
    template: 'set "{name}" includes itself: {cycle}',
    hint: 'remove one of the references in the cycle',
  },
  unknownRule: {
    code: 'EGS2006',
    severity: 'error',
    template: 'unknown rule "{name}"{suggestion}',
    hint: '"by" takes a rule id of this policy, "default" or "inbound"',
  },
  byNotRule: {
    code: 'EGS2007',
    severity: 'error',
    template: '"{name}" is a {kind} set, not a rule',
    hint: '"by" takes a rule id of this policy, "default" or "inbound"',
  },
  unknownRole: {
    code: 'EGS2008',
    severity: 'error',
    template: 'role "{name}" is not defined in the topology{suggestion}',
    hint: 'give a node this role in the topology, or fix the name',
  },
  unknownNode: {
    code: 'EGS2009',
    severity: 'error',
    template: 'node "{name}" is not defined in the topology{suggestion}',
    hint: 'add the node to the topology, or fix the name',
  },
  unknownZone: {
    code: 'EGS2010',
    severity: 'error',
    template: 'zone "{name}" is not defined in the topology{suggestion}',
    hint: 'add the zone to the topology, or fix the name',
  },
  missingPolicy: {
    code: 'EGS2011',
    severity: 'error',
    template: 'the file has no "policy NAME" statement',
    hint: 'start the file with "policy NAME", such as "policy ml-platform"',
  },
  policyNotFirst: {
    code: 'EGS2012',
    severity: 'error',
    template: '"policy" must be the first statement',
    hint: 'move "policy {name}" above line {line}',
  },
  duplicatePolicy: {
    code: 'EGS2013',
    severity: 'error',
    template: 'a second "policy" statement (the first is on line {line})',
    hint: 'keep one policy statement',
  },
  duplicateDefault: {
    code: 'EGS2014',
    severity: 'error',
    template: 'a second "default" statement (the first is on line {line})',
    hint: 'keep one default statement',
  },
  setTooDeep: {
    code: 'EGS2015',
    severity: 'error',
    template: 'sets are nested more than {limit} levels deep here',
    hint: 'flatten some of the nested sets',
  },
  expansionTooLarge: {
    code: 'EGS2016',
    severity: 'error',
    template: 'the policy expands to more than {limit} items once its sets are substituted',
    hint: 'use each set once per list instead of repeating sets inside sets; the rest of the policy was not expanded',
  },

  // --- EGS21xx: checks of the whole policy (warnings) -----------------------------------
  emptySet: {
    code: 'EGS2101',
    severity: 'warning',
    template: 'set "{name}" is empty and matches nothing',
    hint: 'add members, or remove the set and its uses',
  },
  unreachableRule: {
    code: 'EGS2102',
    severity: 'warning',
    template: 'rule "{name}" can never match: rule "{by}" on line {line} matches every flow first',
    hint: 'move it above "{by}", or remove it',
  },
  unreachableDefault: {
    code: 'EGS2103',
    severity: 'warning',
    template: 'the default never decides: rule "{by}" on line {line} matches every flow',
    hint: 'remove the default statement, or narrow rule "{by}"',
  },
  contradictoryExpectation: {
    code: 'EGS2104',
    severity: 'warning',
    template: 'this expectation cannot pass: {reason}',
    hint: 'fix the expected verdict or the "by" name',
  },

  // --- EGS22xx: review lines of a rule's description (warnings) -------------------------
  invalidReviewDate: {
    code: 'EGS2201',
    severity: 'warning',
    template: 'review-by date "{text}" {problem}',
    hint: 'write a calendar date as YYYY-MM-DD, such as 2027-03-31',
  },
  duplicateReviewLine: {
    code: 'EGS2202',
    severity: 'warning',
    template:
      'a second "{key}:" line for rule "{rule}" (the first is on line {line}); it is ignored',
    hint: 'keep one "{key}:" line per rule',
  },
  emptyReviewValue: {
    code: 'EGS2203',
    severity: 'warning',
    template: '"{key}:" has no value',
    hint: 'write {example}, or remove the line',
  },
  reviewOverdue: {
    code: 'EGS2204',
    severity: 'warning',
    template: 'the review of rule "{rule}" was due on {date} ({who})',
    hint: 'review the rule, then move its review-by date forward',
  },
});

export type LanguageDiagnostic = keyof typeof LANGUAGE_DIAGNOSTICS;
