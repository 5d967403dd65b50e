/**
 * Are the real engines here? The engine tests need nft, iptables-restore/ip6tables-restore,
 * squid, iproute2, and root to create network namespaces. On CI (`CI` set) a missing piece is
 * a test failure — the proof that exports work must not silently vanish; locally the tests
 * are skipped with a loud message that names the package to install.
 */
import { describe, it } from 'vitest';
import { run } from './process.js';

export type Requirement = 'nft' | 'iptables' | 'squid' | 'netns';

interface Check {
  package: string;
  ok: () => string | null;
}

function binary(command: string, args: string[]): () => string | null {
  return () => {
    const r = run(command, args);
    return r.status === 0
      ? null
      : `\`${command}\` is not available (${r.stderr.trim() || r.status})`;
  };
}

let netnsResult: string | null | undefined;

function netnsProbe(): string | null {
  if (netnsResult !== undefined) return netnsResult;
  if (process.getuid?.() !== 0) return (netnsResult = 'network namespaces need root');
  const name = `egs-${process.pid}-probe`;
  const add = run('ip', ['netns', 'add', name]);
  if (add.status !== 0)
    return (netnsResult = `cannot create a network namespace: ${add.stderr.trim()}`);
  run('ip', ['netns', 'del', name]);
  return (netnsResult = null);
}

const CHECKS: Record<Requirement, Check> = {
  nft: { package: 'nftables', ok: binary('nft', ['--version']) },
  iptables: {
    package: 'iptables',
    ok: () =>
      binary('iptables-restore', ['--version'])() ?? binary('ip6tables-restore', ['--version'])(),
  },
  squid: { package: 'squid', ok: binary('squid', ['-v']) },
  netns: { package: 'iproute2 (and root)', ok: () => binary('ip', ['-V'])() ?? netnsProbe() },
};

/** The first missing requirement, as a message naming what to install; null when all are met. */
export function missingRequirement(requirements: readonly Requirement[]): string | null {
  for (const req of requirements) {
    const problem = CHECKS[req].ok();
    if (problem !== null) return `${problem}: install the \`${CHECKS[req].package}\` package`;
  }
  return null;
}

/**
 * `describe` for tests that need real engines: runs them when the requirements are met; on
 * CI fails when they are not; locally skips them with a warning.
 */
export function describeWithEngines(
  name: string,
  requirements: readonly Requirement[],
  body: () => void,
): void {
  const missing = missingRequirement(requirements);
  if (missing === null) {
    describe(name, body);
    return;
  }
  if (process.env.CI) {
    describe(name, () => {
      it('has the real engines it needs', () => {
        throw new Error(`${name}: ${missing}`);
      });
    });
    return;
  }
  console.warn(
    `\n!!! SKIPPED real-engine tests "${name}": ${missing}.\n` +
      '!!! These tests prove the exported files work in the real engines; on CI they are required.\n',
  );
  describe.skip(name, body);
}
