/** `egress search PROJECT`: which flows of a class get which verdict (docs/analysis.md). */
import type { Command } from 'commander';
import type { Rule, Topology } from '../../core/model.js';
import { searchFlows, type SearchResult } from '../../analysis/index.js';
import { checkPolicy } from '../../language/index.js';
import { UserError, EXIT_FINDINGS, EXIT_OK } from '../errors.js';
import { parseFormat } from '../options.js';
import { loadValidProject } from '../project.js';
import type { SetExitCode } from './set-exit.js';

const QUERY_ID = 'egress-search-query';

interface SearchOptions {
  from?: string;
  to?: string;
  on?: string;
  method?: string;
  path?: string;
  verdict?: string;
  limit?: string;
  format: string;
}

export function registerSearch(program: Command, setExit: SetExitCode): void {
  program
    .command('search')
    .description(
      'list the classes of flows that match a query, each with its verdict, deciding rule and a witness flow',
    )
    .argument('<project>', 'a project folder, or a single .egress file')
    .option('--from <items>', 'sources, as in a rule (e.g. "role:notebook, 10.0.0.0/16")')
    .option('--to <items>', 'destinations, as in a rule (e.g. "metadata, *.openai.com")')
    .option('--on <services>', 'services, as in a rule (e.g. "tcp/443, udp/53")')
    .option('--method <method>', 'an HTTP method')
    .option('--path <path>', 'an HTTP path (a trailing * makes it a prefix)')
    .option('--verdict <verdict>', 'allow or deny')
    .option('--limit <n>', 'at most N classes')
    .option('--format <format>', 'text or json', 'text')
    .addHelpText(
      'after',
      '\nExit status: 0 no class matches, 1 some classes match, 2 usage or project errors.',
    )
    .action(async (path: string, options: SearchOptions) => {
      const format = parseFormat(options.format, ['text', 'json'] as const);
      const verdict = options.verdict === undefined ? undefined : parseVerdict(options.verdict);
      const limit = options.limit === undefined ? undefined : parseLimit(options.limit);
      const checked = await loadValidProject(path, 'search');
      const query = parseQuery(checked.project.policyText, checked.topology, options);
      const results = searchFlows(checked.policy, checked.topology, query, {
        ...(verdict !== undefined ? { verdict } : {}),
        ...(limit !== undefined ? { limit } : {}),
      });
      if (format === 'json') {
        const classes = results.map((r) => ({
          description: r.description,
          verdict: r.verdict,
          rule: r.rule,
          log: r.log,
          witness: r.witness,
        }));
        process.stdout.write(JSON.stringify({ classes }, null, 2) + '\n');
      } else {
        process.stdout.write(renderResults(results));
      }
      setExit(results.length > 0 ? EXIT_FINDINGS : EXIT_OK);
    });
}

function parseVerdict(text: string): 'allow' | 'deny' {
  if (text === 'allow' || text === 'deny') return text;
  throw new UserError(`--verdict ${text}: use allow or deny`);
}

function parseLimit(text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1)
    throw new UserError(`--limit ${text}: give a whole number of at least 1`);
  return n;
}

/**
 * The query as a rule of the project's own language, appended to its policy so that sets,
 * roles and nodes resolve as in a rule; errors on that line become one-line usage errors.
 */
function parseQuery(
  policyText: string,
  topology: Topology | undefined,
  options: SearchOptions,
): Rule {
  const clauses = [
    `from ${options.from ?? 'any'}`,
    `to ${options.to ?? 'any'}`,
    ...(options.on !== undefined ? [`on ${options.on}`] : []),
    ...(options.method !== undefined ? [`methods ${options.method}`] : []),
    ...(options.path !== undefined ? [`paths ${options.path}`] : []),
  ];
  const base = policyText.endsWith('\n') ? policyText : policyText + '\n';
  const line = base.split('\n').length;
  const text = `${base}allow ${QUERY_ID} ${clauses.join(' ')}\n`;
  const checked = checkPolicy(text, topology !== undefined ? { topology } : {});
  const error = checked.diagnostics.find(
    (d) => d.severity === 'error' && d.range?.start.line === line,
  );
  if (error !== undefined) throw new UserError(`search query: ${error.message}`);
  const rule = checked.model.rules.find((r) => r.id === QUERY_ID);
  if (rule === undefined)
    throw new UserError(
      'search query: the --from/--to/--on/--method/--path values do not form a rule',
    );
  return rule;
}

function renderResults(results: readonly SearchResult[]): string {
  const lines: string[] = [];
  for (const r of results) {
    lines.push(`${r.verdict} by ${r.rule}${r.log ? ' (logged)' : ''}: ${r.description}`);
    lines.push(`    witness: ${JSON.stringify(r.witness)}`);
  }
  lines.push(`${results.length} class${results.length === 1 ? '' : 'es'}`);
  return lines.join('\n') + '\n';
}
