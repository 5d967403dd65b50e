/**
 * `egress-self-test.sh` for the squid target (docs/exporters.md "Self-test and verify"): a
 * POSIX sh script, run after loading the configuration on a client whose requests go through
 * the proxy, that sends every probe whose source address is one of the machine's own through
 * the proxy (`curl --interface SOURCE -x http://PROXY`): plain HTTP with its method and path,
 * or a CONNECT tunnel (`--proxytunnel`). The proxy's 403 is "deny", any other answer "allow".
 *
 * Fail-closed like the firewall script: 0 only when it probed something and every probe got
 * the policy's verdict; 1 on any difference, a request the proxy did not answer included;
 * 2 when it cannot tell — curl missing, no proxy address, no way to list local addresses, no
 * probe whose source is here, or no probe answered at all.
 */
import { MODE_OPTION } from './export-mode.js';
import { withHeader } from './header.js';
import { findProxyNode } from './model/proxy-node.js';
import {
  CURL_AND_LOCAL_ADDRESSES,
  SELF_TEST_FILE,
  SELF_TEST_OPTION,
  safe,
  verdictLines,
} from './self-test-script.js';
import { squidSelfTestProbes, type SquidProbe } from './self-test-squid-probes.js';
import type { SquidPlan } from './squid-plan.js';
import { optionValue, type ExportFile, type ExportInput, type ExportOptions } from './types.js';

/** Characters a URL path may carry into the script unquoted. */
function safePath(path: string): string {
  return path.replace(
    /[^A-Za-z0-9._~/%-]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`,
  );
}

function probeLine(p: SquidProbe): string {
  return [
    p.expected,
    p.kind,
    p.src,
    p.method,
    p.host,
    p.port,
    safePath(p.path),
    safe(p.rule),
    safe(p.why),
  ].join(' ');
}

/** `HOST:PORT` of the proxy for one address family, from the topology's proxy node. */
export function defaultProxies(input: ExportInput, port: number): { v4: string; v6: string } {
  const addresses = findProxyNode(input.topology)?.node.addresses ?? [];
  const v4 = addresses.find((a) => /^\d+\.\d+\.\d+\.\d+$/.test(a));
  const v6 = addresses.find((a) => a.includes(':'));
  return { v4: v4 ? `${v4}:${port}` : '', v6: v6 ? `[${v6}]:${port}` : '' };
}

export function renderSquidSelfTest(
  probes: readonly SquidProbe[],
  policyName: string,
  proxies: { v4: string; v6: string },
): string {
  return `# Self-test of the egress policy "${safe(policyName)}" through its Squid proxy: run it after
# loading squid.conf, on a client whose requests go through the proxy. Exit 0: every probe
# from this machine got the policy's verdict (403 from the proxy = deny); 1: a difference
# (listed); 2: it could not probe, so nothing is proven.
# EGRESS_PROXY (HOST:PORT) is the proxy for IPv4 clients, EGRESS_PROXY6 ([HOST]:PORT) for IPv6
# ones; EGRESS_SELF_TEST_TIMEOUT sets the seconds a probe may take (default 5).
set -u
TIMEOUT="\${EGRESS_SELF_TEST_TIMEOUT:-5}"
PROXY="\${EGRESS_PROXY:-${proxies.v4}}"
PROXY6="\${EGRESS_PROXY6:-${proxies.v6}}"

if [ -z "$PROXY" ] && [ -z "$PROXY6" ]; then
  echo "egress self-test: cannot probe: set EGRESS_PROXY=HOST:PORT (or EGRESS_PROXY6) to the proxy" >&2
  exit 2
fi
${CURL_AND_LOCAL_ADDRESSES}
probed=0
silent=0
failed=0
# expected kind source method host port path rule why
while read -r expected kind src method host port path rule why; do
  case "$LOCAL" in
    *" $src "*) ;;
    *) continue ;;
  esac
  case "$src" in
    *:*) proxy="$PROXY6" ;;
    *) proxy="$PROXY" ;;
  esac
  [ -n "$proxy" ] || continue
  case "$host" in
    *:*) authority="[$host]:$port" ;;
    *) authority="$host:$port" ;;
  esac
  if [ "$kind" = connect ]; then
    answer=$(curl -s -o /dev/null --interface "$src" -x "http://$proxy" --proxytunnel \\
      --connect-timeout "$TIMEOUT" -m "$TIMEOUT" -w '%{http_connect}' "http://$authority/" </dev/null)
    what="CONNECT $authority"
  else
    answer=$(curl -s -o /dev/null --interface "$src" -x "http://$proxy" -X "$method" \\
      --connect-timeout "$TIMEOUT" -m "$TIMEOUT" -w '%{http_code}' "http://$authority$path" </dev/null)
    what="$method http://$authority$path"
  fi
  probed=$((probed + 1))
  case "$answer" in
    403) observed="deny" ;;
    000|'') observed="no-answer"; silent=$((silent + 1)) ;;
    *) observed="allow" ;;
  esac
  if [ "$observed" = "$expected" ]; then
    echo "ok    $src $what expected $expected ($rule), proxy $answer"
  else
    echo "FAIL  $src $what expected $expected ($rule), proxy \${answer:-000}  [$why]"
    failed=$((failed + 1))
  fi
done <<'PROBES'
${probes.map(probeLine).join('\n')}
PROBES

${verdictLines('silent', 'the proxy answered no probe: nothing is proven')}`;
}

/** The squid self-test file, when the options ask for it; in audit mode every probe passes. */
export function squidSelfTestFiles(
  input: ExportInput,
  options: ExportOptions,
  plan: SquidPlan,
): ExportFile[] {
  if (optionValue(options, SELF_TEST_OPTION) !== 'yes') return [];
  const audit = optionValue(options, MODE_OPTION) === 'audit';
  const probes = squidSelfTestProbes(input.policy, input.topology, plan).map((p) =>
    audit ? { ...p, expected: 'allow' as const, why: `${p.why} (audit mode)` } : p,
  );
  const proxies = defaultProxies(input, plan.port);
  const body = renderSquidSelfTest(probes, input.policy.name, proxies);
  return [{ path: SELF_TEST_FILE, content: `#!/bin/sh\n${withHeader(body, input, 'squid', '#')}` }];
}
