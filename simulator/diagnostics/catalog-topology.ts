/**
 * Diagnostics of `topology.yaml` (docs/topology.md): EGS30xx the document itself, EGS31xx ids,
 * kinds and references, EGS32xx addresses and hosts, EGS34xx edges. Every topology
 * diagnostic carries the field path (`nodes[3].zone`) and, when parsed from text, the range.
 */
import { defineDiagnostics } from './define.js';

export const TOPOLOGY_DIAGNOSTICS = defineDiagnostics({
  // --- EGS30xx: the document ------------------------------------------------------------
  binaryFile: {
    code: 'EGS3001',
    severity: 'error',
    template: 'this is not a text file (it contains a NUL character)',
    hint: 'a topology is YAML text; open topology.yaml instead',
  },
  emptyDocument: {
    code: 'EGS3002',
    severity: 'error',
    template: 'the topology is empty',
    hint: 'start with "name: my-platform", then lists of zones, nodes and edges',
  },
  yamlSyntax: {
    code: 'EGS3003',
    severity: 'error',
    template: 'YAML syntax error: {message}',
    hint: 'fix the YAML here; indent nested items with spaces and close every [ and {',
  },
  yamlWarning: {
    code: 'EGS3004',
    severity: 'warning',
    template: 'YAML: {message}',
  },
  rootNotMapping: {
    code: 'EGS3005',
    severity: 'error',
    template: 'the topology must be a mapping of keys, found {found}',
    hint: 'write the keys version, name, zones, nodes and edges at the top level',
  },
  newerVersion: {
    code: 'EGS3006',
    severity: 'error',
    template:
      'topology format version {found} is newer than this Egress Studio supports (version {supported})',
    hint: 'upgrade Egress Studio to open this topology',
  },
  invalidVersion: {
    code: 'EGS3007',
    severity: 'error',
    template: 'version must be a positive whole number, found {found}',
    hint: 'write "version: {supported}" (the current format) or remove the key',
  },
  migrationFailed: {
    code: 'EGS3008',
    severity: 'error',
    template: 'cannot upgrade the topology from format version {from} to {to}: {reason}',
    hint: 'fix the file by hand following the release notes, or report the problem',
  },
  unknownKey: {
    code: 'EGS3009',
    severity: 'warning',
    template: 'unknown key{suggestion}',
    hint: 'it is ignored and dropped on save; the keys here are {known}',
  },
  wrongType: {
    code: 'EGS3010',
    severity: 'error',
    template: 'expected {expected}, found {found}{advice}',
  },
  missingKey: {
    code: 'EGS3011',
    severity: 'error',
    template: 'missing "{key}"',
    hint: 'every {item} needs {what}',
  },
  limitExceeded: {
    code: 'EGS3012',
    severity: 'error',
    template: 'the topology is too large to read: {problem} (the limit is {limit})',
    hint: '{advice}',
  },

  // --- EGS31xx: ids, kinds and references -----------------------------------------------
  invalidId: {
    code: 'EGS3101',
    severity: 'error',
    template: '"{found}" is not a valid id',
    hint: 'ids use lowercase letters, digits and "-" and start with a letter or digit (e.g. "{example}")',
  },
  duplicateZoneId: {
    code: 'EGS3102',
    severity: 'error',
    template: 'duplicate zone id "{id}"',
    hint: 'zone ids must be unique; rename one of the zones',
  },
  duplicateNodeId: {
    code: 'EGS3103',
    severity: 'error',
    template: 'duplicate node id "{id}"',
    hint: 'node ids must be unique; rename one of the nodes',
  },
  unknownZoneKind: {
    code: 'EGS3104',
    severity: 'error',
    template: 'unknown zone kind "{found}"{suggestion}',
    hint: 'a zone is internal (your platform) or external (the outside world)',
  },
  unknownNodeKind: {
    code: 'EGS3105',
    severity: 'error',
    template: 'unknown node kind "{found}"{suggestion}',
    hint: 'the node kinds are {kinds}',
  },
  unknownZone: {
    code: 'EGS3106',
    severity: 'error',
    template: 'unknown zone "{found}"{suggestion}',
  },
  invalidRole: {
    code: 'EGS3107',
    severity: 'error',
    template: '"{found}" is not a valid role name',
    hint: 'roles are used as role:NAME in the policy: start with a letter, then a-z, 0-9, "-" or "_"',
  },
  repeatedEntry: {
    code: 'EGS3108',
    severity: 'warning',
    template: '"{found}" is listed more than once',
    hint: 'remove the repeated entry',
  },
  emptyName: {
    code: 'EGS3109',
    severity: 'error',
    template: 'the topology name is empty',
    hint: 'give the topology a name, e.g. "name: ml-platform"',
  },

  // --- EGS32xx: addresses and hosts -----------------------------------------------------
  invalidCidr: {
    code: 'EGS3201',
    severity: 'error',
    template: '"{found}" is not a valid CIDR',
    hint: 'write an IPv4 or IPv6 network such as 10.0.0.0/16 or fd00::/8',
  },
  cidrHostBits: {
    code: 'EGS3202',
    severity: 'warning',
    template: '{found} has host bits set and is read as {normalized}',
    hint: 'write {normalized}',
  },
  invalidAddress: {
    code: 'EGS3203',
    severity: 'error',
    template: '"{found}" is not an IP address or CIDR',
    hint: 'write an address such as 10.0.1.5 or 2001:db8::5, or a network such as 10.0.1.0/24',
  },
  invalidHost: {
    code: 'EGS3204',
    severity: 'error',
    template: '"{found}" is not a valid host name: {problem}',
    hint: 'write a DNS name such as api.example.com',
  },
  wildcardHost: {
    code: 'EGS3205',
    severity: 'error',
    template: '"{found}" is a pattern, but a node\'s hosts are exact names',
    hint: 'list the exact names the node answers to; wildcards belong in the policy (to *.example.com)',
  },
  addressOutsideZone: {
    code: 'EGS3206',
    severity: 'warning',
    template: '{address} is outside zone "{zone}" ({cidrs})',
    hint: 'fix the address, add its network to the zone, or move the node to the right zone',
  },
  addressInOtherZoneKind: {
    code: 'EGS3207',
    severity: 'warning',
    template:
      '{address} lies in {otherKind} zone "{other}" ({cidr}), but node "{node}" is in {kind} zone "{zone}"',
    hint: 'traffic from this address would be judged by the wrong side of the outbound-only guard; fix the address or the zones',
  },
  hostOfTwoNodes: {
    code: 'EGS3208',
    severity: 'warning',
    template: 'host "{host}" is already listed by node "{first}"',
    hint: 'flows to this host resolve to the first node only; list the host once',
  },
  cidrOfTwoZones: {
    code: 'EGS3209',
    severity: 'warning',
    template: '{cidr} is already a CIDR of zone "{first}"',
    hint: 'addresses in it belong to the first zone only; declare the network once',
  },
  externalAddressInInternalZone: {
    code: 'EGS3210',
    severity: 'error',
    template: '{address} of external node "{node}" lies in internal zone "{other}" ({cidr})',
    hint: 'an external name must not stand for an internal address: a rule allowing the name would open the internal host; fix the address or the zones',
  },
  mappedAddress: {
    code: 'EGS3211',
    severity: 'warning',
    template: '{found} is an IPv4-mapped IPv6 address and is read as the IPv4 {normalized}',
    hint: 'write {normalized}',
  },
  mappedPrefixTooShort: {
    code: 'EGS3212',
    severity: 'error',
    template: '"{found}" is an IPv4-mapped network with a prefix shorter than /96',
    hint: 'such a network would reach past IPv4 into IPv6; write the IPv4 CIDR (::ffff:10.0.0.0/104 is 10.0.0.0/8)',
  },

  // --- EGS33xx: layout --------------------------------------------------------------------
  invalidPosition: {
    code: 'EGS3301',
    severity: 'error',
    template: 'position {axis} must be a finite number, found {found}',
    hint: 'write a position such as {x: 120, y: 80}',
  },

  // --- EGS34xx: edges ---------------------------------------------------------------------
  unknownEdgeNode: {
    code: 'EGS3401',
    severity: 'error',
    template: 'unknown node "{found}"{suggestion}',
  },
  invalidService: {
    code: 'EGS3402',
    severity: 'error',
    template: '"{found}" is not a concrete service',
    hint: 'an edge is one connection: write tcp/PORT, udp/PORT, icmp, or a range tcp/LO-HI',
  },
  invalidPort: {
    code: 'EGS3403',
    severity: 'error',
    template: 'port {found} is out of range in "{service}"',
    hint: 'ports are 1 to 65535',
  },
  reversedPortRange: {
    code: 'EGS3404',
    severity: 'error',
    template: 'port range "{found}" ends before it starts',
    hint: 'write the lower port first, e.g. {fixed}',
  },
  edgeFromExternal: {
    code: 'EGS3405',
    severity: 'warning',
    template:
      'edge starts at node "{node}" in external zone "{zone}": an inbound connection, which the outbound-only guard denies',
    hint: 'draw the edge from the internal node that opens the connection',
  },
  edgeToItself: {
    code: 'EGS3406',
    severity: 'warning',
    template: 'edge from node "{node}" to itself',
    hint: 'an edge is a connection between two nodes; remove it or pick the other end',
  },
  duplicateEdge: {
    code: 'EGS3407',
    severity: 'warning',
    template: 'edge {from} -> {to} on {service} is drawn twice',
    hint: 'remove the repeated edge (merge the notes)',
  },
});

export type TopologyDiagnosticName = keyof typeof TOPOLOGY_DIAGNOSTICS;
