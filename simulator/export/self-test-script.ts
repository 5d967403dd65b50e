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
import { selfTestProbes, type SelfTestProbe } from './self-test-probes.js';
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

export function renderSelfTest(probes: readonly SelfTestProbe[], policyName: string): string {
  return `# Self-test of the egress policy "${safe(policyName)}": run it after loading the configuration,
# on a machine whose traffic the firewall filters. Exit 0: every probe from this machine got
# the policy's verdict; 1: a difference (listed); 2: it could not probe, so nothing is proven.
# EGRESS_SELF_TEST_TIMEOUT sets the seconds a probe may take (default 3).
set -u
TIMEOUT="\${EGRESS_SELF_TEST_TIMEOUT:-3}"

${CURL_AND_LOCAL_ADDRESSES}
probed=0
timeouts=0
failed=0
# expected proto source destination port rule why
while read -r expected proto src dst port rule why; do
  case "$LOCAL" in
    *" $src "*) ;;
    *) continue ;;
  esac
  case "$dst" in
    *:*) url="http://[$dst]:$port/" ;;
    *) url="http://$dst:$port/" ;;
  esac
  connect=$(curl -s -o /dev/null --interface "$src" --connect-timeout "$TIMEOUT" -m "$TIMEOUT" \\
    -w '%{time_connect}' "$url" </dev/null)
  code=$?
  probed=$((probed + 1))
  case "$connect" in
    0.000000|0|'') if [ "$code" -eq 28 ]; then observed="deny"; how="timeout"; timeouts=$((timeouts + 1)); else observed="deny"; how="refused"; fi ;;
    *) observed="allow"; how="connected" ;;
  esac
  if [ "$observed" = "$expected" ]; then
    echo "ok    $proto $src -> $dst:$port expected $expected ($rule), $how"
  else
    echo "FAIL  $proto $src -> $dst:$port expected $expected ($rule), $how  [$why]"
    failed=$((failed + 1))
  fi
done <<'PROBES'
${probes.map(probeLine).join('\n')}
PROBES

${verdictLines('timeouts', 'every probe timed out: the network is silent, nothing is proven')}`;
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
