/**
 * `egress-self-test.sh` (docs/exporters.md "Self-test and verify"): a POSIX sh script written
 * beside a firewall configuration. Run on a machine whose traffic the firewall filters (the
 * host itself for a host firewall, a client behind the gateway for an egress gateway), after
 * loading the configuration, it tries every probe whose source address is one of the
 * machine's own and compares what happens with what the simulator decided.
 *
 * Fail-closed: it exits 0 only when it probed something and every probe matched; 1 on any
 * difference; 2 when it cannot tell — curl missing, no way to list local addresses, no probe
 * whose source is here, or every probe timed out (a silent network proves nothing).
 * A probe is allowed when the TCP connection is established (any answer after that counts),
 * denied when it is refused, reset or times out.
 */
import { MODE_OPTION } from './export-mode.js';
import type { FirewallPlan } from './firewall-plan.js';
import { withHeader } from './header.js';
import { selfTestProbes, udpPayload, type SelfTestProbe } from './self-test-probes.js';
import {
  optionValue,
  type ExporterOption,
  type ExportFile,
  type ExportInput,
  type ExportOptions,
} from './types.js';

export const SELF_TEST_FILE = 'egress-self-test.sh';

export const SELF_TEST_OPTION: ExporterOption<'no' | 'yes'> = {
  name: 'with-self-test',
  values: [
    { value: 'no', label: 'No self-test' },
    { value: 'yes', label: `Write ${SELF_TEST_FILE}` },
  ],
  default: 'no',
  switchValue: 'yes',
  description: `also write ${SELF_TEST_FILE}, a fail-closed probe script to run after loading the configuration`,
};

/** Keeps a label shell- and log-safe: letters, digits and a few punctuation marks. */
export function safe(text: string): string {
  return text.replace(/[^A-Za-z0-9._:/*>@ -]/g, '_');
}

/** The script's start: curl is there, and `$LOCAL` lists this machine's addresses. */
export const CURL_AND_LOCAL_ADDRESSES = `if ! command -v curl >/dev/null 2>&1; then
  echo "egress self-test: cannot probe: curl is not installed" >&2
  exit 2
fi
if command -v ip >/dev/null 2>&1; then
  LOCAL=" $(ip -o addr show | awk '{ split($4, a, "/"); printf "%s ", a[1] }')"
elif command -v hostname >/dev/null 2>&1; then
  LOCAL=" $(hostname -I) "
else
  echo "egress self-test: cannot probe: no way to list this host's addresses (ip, hostname)" >&2
  exit 2
fi
`;

/**
 * The script's end, fail-closed: 2 when nothing was probed or every probe was silent (counted
 * in \`$silentVar\`), 1 on any difference, 0 otherwise.
 */
export function verdictLines(silentVar: string, silentMessage: string): string {
  return `if [ "$probed" -eq 0 ]; then
  echo "egress self-test: cannot probe: no probe's source is an address of this host" >&2
  exit 2
fi
if [ "$${silentVar}" -eq "$probed" ]; then
  echo "egress self-test: ${silentMessage}" >&2
  exit 2
fi
if [ "$failed" -gt 0 ]; then
  echo "egress self-test: $failed of $probed probes differ from the policy" >&2
  exit 1
fi
echo "egress self-test: $probed probes, all as the policy says"
exit 0
`;
}

function probeLine(p: SelfTestProbe): string {
  return `${p.expected} ${p.proto} ${p.src} ${p.dst} ${p.port} ${safe(p.rule)} ${safe(p.why)}`;
}

/** Bytes as hex (python3's bytes.fromhex) and as a printf format (bash's). */
function hex(bytes: readonly number[]): string {
  return bytes.map((b) => b.toString(16).padStart(2, '0')).join('');
}
function printfBytes(bytes: readonly number[]): string {
  return bytes.map((b) => `\\x${b.toString(16).padStart(2, '0')}`).join('');
}

/**
 * A UDP probe with python3: a socket bound to the probe's source and connected to its
 * destination, so that ICMP errors come back as errors. Prints what came back: an answer, a
 * "port unreachable" from the destination, a rejection ("administratively prohibited", what
 * the exports send on deny, or "host unreachable"), or nothing.
 */
const UDP_PYTHON = `import errno, socket, sys
src, dst, port, payload, timeout = sys.argv[1:]
s = socket.socket(socket.AF_INET6 if ":" in dst else socket.AF_INET, socket.SOCK_DGRAM)
try:
    s.bind((src, 0))
    s.connect((dst, int(port)))
    s.settimeout(float(timeout))
    s.send(bytes.fromhex(payload))
    s.recv(65535)
    print("answered")
except socket.timeout:
    print("silent")
except OSError as e:
    codes = {errno.ECONNREFUSED: "port-unreachable", errno.EHOSTUNREACH: "rejected", errno.EACCES: "rejected"}
    print(codes.get(e.errno, "silent"))`;

/**
 * Sets \`observed\` and \`how\` for one UDP probe, or skips it. python3 when it is there; else
 * bash's /dev/udp, whose connected socket reports ICMP errors too (the datagram's first byte is
 * what \`read -n 1\` sees, so it is neither NUL nor a newline) but cannot choose its source: a
 * probe then runs only when this host's route to the destination leaves from its source.
 */
const UDP_PROBE = `    if [ -z "$udp_tool" ]; then
      if command -v python3 >/dev/null 2>&1; then udp_tool=python3
      elif command -v bash >/dev/null 2>&1 && command -v ip >/dev/null 2>&1; then udp_tool=bash
      else
        echo "egress self-test: cannot probe UDP: install python3, or bash and ip (bash's /dev/udp sends the datagrams)" >&2
        exit 2
      fi
    fi
    if [ "$port" = 53 ]; then hex=$DNS_HEX; format=$DNS_PRINTF; else hex=$TEXT_HEX; format=$TEXT_PRINTF; fi
    if [ "$udp_tool" = python3 ]; then
      answer=$(python3 -c "$UDP_PYTHON" "$src" "$dst" "$port" "$hex" "$TIMEOUT" </dev/null 2>/dev/null)
    else
      from=$(ip -o route get "$dst" 2>/dev/null | sed -n 's/.* src \\([^ ]*\\).*/\\1/p')
      if [ "$from" != "$src" ]; then
        echo "skip  $proto $src -> $dst:$port: without python3, datagrams to $dst leave from \${from:-nowhere}"
        continue
      fi
      if err=$(LC_ALL=C bash -c 'exec 3<>"/dev/udp/$1/$2" && printf "$3" >&3 && read -r -n 1 -t "$4" _ <&3' \\
        egress-udp "$dst" "$port" "$format" "$TIMEOUT" </dev/null 2>&1); then
        answer=answered
      else
        case "$err" in
          *"Connection refused"*) answer=port-unreachable ;;
          *"No route to host"*|*"Permission denied"*) answer=rejected ;;
          *) answer=silent ;;
        esac
      fi
    fi
    case "$answer" in
      answered) observed="allow"; how="answered" ;;
      port-unreachable) observed="allow"; how="port unreachable" ;;
      rejected) observed="deny"; how="rejected" ;;
      *) observed="none"; how="no answer" ;;
    esac
`;

/** Sets \`observed\` and \`how\` for one TCP probe: curl's connect time says it connected. */
const TCP_PROBE = `    case "$dst" in
      *:*) url="http://[$dst]:$port/" ;;
      *) url="http://$dst:$port/" ;;
    esac
    connect=$(curl -s -o /dev/null --interface "$src" --connect-timeout "$TIMEOUT" -m "$TIMEOUT" \\
      -w '%{time_connect}' "$url" </dev/null)
    code=$?
    case "$connect" in
      0.000000|0|'') if [ "$code" -eq 28 ]; then observed="deny"; how="timeout"; silent=$((silent + 1)); else observed="deny"; how="refused"; fi ;;
      *) observed="allow"; how="connected" ;;
    esac
`;

export function renderSelfTest(probes: readonly SelfTestProbe[], policyName: string): string {
  return `# Self-test of the egress policy "${safe(policyName)}": run it after loading the configuration,
# on a machine whose traffic the firewall filters. Exit 0: every probe from this machine got
# the policy's verdict; 1: a difference (listed); 2: it could not probe, so nothing is proven.
# A UDP probe proves something only when something comes back; unanswered, it is "unproven".
# EGRESS_SELF_TEST_TIMEOUT sets the seconds a probe may take (default 3).
set -u
TIMEOUT="\${EGRESS_SELF_TEST_TIMEOUT:-3}"

${CURL_AND_LOCAL_ADDRESSES}
probed=0
silent=0
unproven=0
failed=0
udp_tool=''
UDP_PYTHON='${UDP_PYTHON}'
DNS_HEX=${hex(udpPayload(53))}
DNS_PRINTF='${printfBytes(udpPayload(53))}'
TEXT_HEX=${hex(udpPayload(0))}
TEXT_PRINTF='${printfBytes(udpPayload(0))}'
# expected proto source destination port rule why
while read -r expected proto src dst port rule why; do
  case "$LOCAL" in
    *" $src "*) ;;
    *) continue ;;
  esac
  if [ "$proto" = udp ]; then
${UDP_PROBE}  else
${TCP_PROBE}  fi
  probed=$((probed + 1))
  if [ "$observed" = "none" ]; then
    echo "unproven $proto $src -> $dst:$port expected $expected ($rule), $how"
    silent=$((silent + 1))
    unproven=$((unproven + 1))
  elif [ "$observed" = "$expected" ]; then
    echo "ok    $proto $src -> $dst:$port expected $expected ($rule), $how"
  else
    echo "FAIL  $proto $src -> $dst:$port expected $expected ($rule), $how  [$why]"
    failed=$((failed + 1))
  fi
done <<'PROBES'
${probes.map(probeLine).join('\n')}
PROBES

if [ "$unproven" -gt 0 ]; then
  echo "egress self-test: $unproven UDP probes unproven: nothing came back"
fi
${verdictLines('silent', 'no probe got an answer: the network is silent, nothing is proven')}`;
}

/**
 * The self-test file for an export, when the options ask for it. In audit mode nothing is
 * blocked, so every probe is expected to get through.
 */
export function selfTestFiles(
  input: ExportInput,
  options: ExportOptions,
  target: string,
  plan: FirewallPlan,
): ExportFile[] {
  if (optionValue(options, SELF_TEST_OPTION) !== 'yes') return [];
  const audit = optionValue(options, MODE_OPTION) === 'audit';
  const probes = selfTestProbes(input.policy, input.topology, plan).map((p) =>
    audit ? { ...p, expected: 'allow' as const, why: `${p.why} (audit mode)` } : p,
  );
  const body = renderSelfTest(probes, input.policy.name);
  return [{ path: SELF_TEST_FILE, content: `#!/bin/sh\n${withHeader(body, input, target, '#')}` }];
}
