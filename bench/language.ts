/**
 * Parse and check (simulator/language) on generated policies of 1,000, 10,000 and 100,000
 * rules with a realistic mix: nested sets, domains, wildcards, IPv4/IPv6 CIDRs, topology
 * references, services, methods and paths, comments (descriptions) and expectations.
 * Every figure is the median of several runs. Run alone with
 *   npx tsx -e "import('./bench/language.ts').then(m=>m.benchLanguage()).then(r=>console.table(r))"
 */
import { checkPolicy, formatPolicy, parsePolicy } from '../simulator/language/index.js';

export interface LanguageRow {
  name: string;
  medianMs: number;
  detail: string;
}

/** A policy of `rules` rules; deterministic, so runs compare. */
export function generatePolicy(rules: number): string {
  const lines = ['# Generated for the language benchmark.', 'policy bench', ''];
  const sets = Math.max(10, Math.floor(rules / 20));
  for (let s = 0; s < sets; s++) {
    lines.push(`# Hosts group ${s}.`);
    const nested = s > 0 && s % 3 === 0 ? `, hosts-${s - 1}` : '';
    lines.push(`hosts hosts-${s} = api-${s}.example.com, *.cdn-${s}.example.net${nested}`);
    lines.push(`nets nets-${s} = 10.${s % 256}.0.0/16, fd00:${(s % 65536).toString(16)}::/32`);
  }
  lines.push('services web = tcp/80, tcp/443', 'services dns = udp/53, tcp/53', '');
  for (let r = 0; r < rules; r++) {
    const s = r % sets;
    const action = r % 7 === 0 ? 'deny' : 'allow';
    if (r % 5 === 0) lines.push(`# Rule ${r}: why this destination is allowed.`);
    switch (r % 4) {
      case 0:
        lines.push(
          `${action} r${r} from role:role-${r % 50} to hosts-${s}, pkg-${r}.org on web log`,
        );
        break;
      case 1:
        lines.push(
          `${action} r${r} from nets-${s}, node:node-${r % 200} to 192.168.${r % 256}.${r % 200}/32 on tcp/${1 + (r % 65000)}`,
        );
        break;
      case 2:
        lines.push(
          `${action} r${r} from zone:zone-${r % 10} to api-${r}.llm.example.com on tcp/443`,
        );
        lines.push(`  methods POST, GET paths /v1/chat/*, /v1/models/${r}`);
        break;
      default:
        lines.push(
          `${action} r${r} from any to nets-${s}, 2001:db8:${(r % 65536).toString(16)}::/48 on dns, udp/5000-6000`,
        );
    }
  }
  lines.push('', 'default deny log', '');
  for (let e = 0; e < Math.min(1000, rules / 10); e++) {
    lines.push(`expect allow node:node-${e % 200} -> api-${e}.example.com on tcp/443 by r${e * 4}`);
  }
  return lines.join('\n') + '\n';
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function timeRuns(runs: number, work: () => unknown): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    (globalThis as { gc?: () => void }).gc?.();
    const start = performance.now();
    work();
    times.push(performance.now() - start);
  }
  return Math.round(median(times) * 10) / 10;
}

/** A fixed allocation-heavy task: the machine's speed right now, to read the rows against. */
function referenceTask(): number {
  const objects: Array<{ kind: string; n: number; via: string[] }> = [];
  for (let i = 0; i < 1_000_000; i++) objects.push({ kind: 'domain', n: i, via: ['set'] });
  return objects.length;
}

export async function benchLanguage(): Promise<LanguageRow[]> {
  const rows: LanguageRow[] = [
    {
      name: 'reference: 1M small objects',
      medianMs: timeRuns(5, referenceTask),
      detail: 'machine speed now (tens of ms on an idle laptop)',
    },
  ];
  for (const rules of [1_000, 10_000, 100_000]) {
    const text = generatePolicy(rules);
    const runs = rules >= 100_000 ? 3 : 7;
    const check = checkPolicy(text);
    const errors = check.diagnostics.filter((d) => d.severity === 'error').length;
    if (errors > 0) throw new Error(`generated policy has ${errors} errors`);
    const size = `${(text.length / 1e6).toFixed(1)} MB, ${check.model.rules.length} rules`;
    rows.push({
      name: `parse ${rules.toLocaleString('en')} rules`,
      medianMs: timeRuns(runs, () => parsePolicy(text)),
      detail: size,
    });
    rows.push({
      name: `parse+check ${rules.toLocaleString('en')} rules`,
      medianMs: timeRuns(runs, () => checkPolicy(text)),
      detail: `${check.model.sets.length} sets, ${check.model.expectations.length} expectations`,
    });
    rows.push({
      name: `format ${rules.toLocaleString('en')} rules`,
      medianMs: timeRuns(runs, () => formatPolicy(text)),
      detail: 'canonical input (no change)',
    });
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
  return rows;
}
