/**
 * `egress learn PROJECT --flows LOG…`: the allow rules the observed traffic implies, appended
 * after the project's own rules (docs/traffic.md). Without `--out` the learned lines go to
 * stdout and the report to stderr; with `--out DIR` a complete project (the topology and the
 * proposed policy) is written there and the report, with the changes `egress diff` would
 * list, goes to stdout.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Command } from 'commander';
import { diffProjects } from '../../analysis/index.js';
import type { FlowText, Proposal } from '../../learn/index.js';
import {
  inputFormatNames,
  learnPolicy,
  readObservedFlows,
  UnreadableFlowInput,
} from '../../learn/index.js';
import { writeFileAtomic } from '../../node/atomic-write.js';
import { Project } from '../../project/index.js';
import { describeIoError, EXIT_FINDINGS, EXIT_OK, UserError } from '../errors.js';
import { flowInputFailure, flowInputName, openFlowSource } from '../flow-input.js';
import { loadValidProject } from '../project.js';
import { plural } from '../terminal.js';
import type { SetExitCode } from './set-exit.js';

interface LearnOptions {
  flows: string[];
  out?: string;
  includeDenied?: boolean;
  inputFormat?: string;
}

export function registerLearn(program: Command, setExit: SetExitCode): void {
  program
    .command('learn')
    .description('propose the allow rules that observed traffic (flow files and logs) implies')
    .argument('<project>', 'a project folder, or a single .egress file')
    .requiredOption(
      '--flows <file>',
      'a flow file or log (VPC Flow Logs, Squid, Zeek with its ssl/http/dns logs, Hubble, Suricata, CSV, JSONL; .gz too); repeat for several',
      (value: string, previous: string[] | undefined) => [...(previous ?? []), value],
    )
    .option('--out <dir>', 'write the proposed project (topology and policy) into this folder')
    .option('--include-denied', 'also learn the attempts the log shows as denied')
    .option(
      '--input-format <name>',
      `read the files as this format instead of detecting it (${inputFormatNames().join(', ')})`,
    )
    .addHelpText(
      'after',
      "\nThe learned rules come after the policy's own rules; a rule the policy already has is not\n" +
        'learned again. Sources the outbound-only guard calls external are listed, never allowed.\n' +
        'Exit status: 0 every attempt is allowed by the proposal or left out as the log denied it,\n' +
        '1 some attempts stay denied (an explicit deny rule, a host no rule can name) or lines\n' +
        'were skipped, 2 usage, input or project errors.',
    )
    .action(async (path: string, options: LearnOptions) => {
      const checked = await loadValidProject(path, 'learn');
      const files = await Promise.all(options.flows.map(readWhole));
      let read;
      try {
        read = readObservedFlows(files, {
          ...(options.inputFormat !== undefined ? { format: options.inputFormat } : {}),
          ...(checked.topology ? { topology: checked.topology } : {}),
        });
      } catch (error) {
        if (error instanceof UnreadableFlowInput) throw new UserError(error.message);
        throw error;
      }
      for (const p of read.problems) {
        process.stderr.write(`${p.file}:${p.line}: skipped: ${p.reason}\n`);
      }
      const loaded = checked.project;
      const proposal = learnPolicy(
        {
          policyText: loaded.policyText,
          policyFile: loaded.policyFile,
          ...(checked.topology ? { topology: checked.topology } : {}),
        },
        read.flows,
        { includeDenied: options.includeDenied === true },
      );
      const report = reportText(proposal, read.flows.length);
      if (options.out === undefined) {
        process.stdout.write(proposal.addedText);
        process.stderr.write(report);
      } else {
        await writeProposal(options.out, loaded, proposal);
        const changes = diffProjects(
          { policy: checked.policy, topology: checked.topology },
          {
            policy: new Project({
              policyText: proposal.policyText,
              policyFile: loaded.policyFile,
              ...(checked.topology ? { topology: { model: checked.topology } } : {}),
            }).policy,
            topology: checked.topology,
          },
        );
        const lines = [
          `wrote ${join(options.out, loaded.policyFile)}${loaded.topologyText !== undefined ? ` and ${join(options.out, loaded.topologyFile!)}` : ''}`,
          ...changes.map(
            (c) =>
              `  ${c.before.verdict} by ${c.before.rule} -> ${c.after.verdict} by ${c.after.rule}: ${c.description}`,
          ),
          `${plural(changes.length, 'class', 'classes')} of flows change (egress diff ${path} ${options.out})`,
        ];
        process.stdout.write(report + lines.join('\n') + '\n');
      }
      const stuck = proposal.deniedByRule.length + proposal.unlearnable.length;
      setExit(stuck + read.problems.length > 0 ? EXIT_FINDINGS : EXIT_OK);
    });
}

/** A whole flow file as text (gunzipped when it is gzip): learning needs every attempt anyway. */
async function readWhole(path: string): Promise<FlowText> {
  const name = flowInputName(path);
  const source = await openFlowSource(path);
  const chunks: string[] = [];
  try {
    for await (const chunk of source) chunks.push(chunk);
  } catch (error) {
    throw flowInputFailure(name, error);
  }
  return { name, text: chunks.join('') };
}

async function writeProposal(
  out: string,
  loaded: { policyFile: string; topologyFile?: string; topologyText?: string },
  proposal: Proposal,
): Promise<void> {
  try {
    await mkdir(out, { recursive: true });
    await writeFileAtomic(join(out, loaded.policyFile), proposal.policyText);
    if (loaded.topologyText !== undefined && loaded.topologyFile !== undefined) {
      await writeFileAtomic(join(out, loaded.topologyFile), loaded.topologyText);
    }
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? '';
    throw new UserError(`${out}: ${describeIoError(code)}; give --out a folder you can write`);
  }
}

function reportText(p: Proposal, attempts: number): string {
  const lines = [
    `learned ${plural(p.rules.length, 'rule')} from ${plural(attempts, 'attempt')}: ` +
      `${p.learned.toLocaleString('en-US')} learned, ${p.alreadyAllowed.toLocaleString('en-US')} already allowed` +
      (p.loggedDenied > 0
        ? `, ${p.loggedDenied.toLocaleString('en-US')} denied in the log and left out (--include-denied learns them)`
        : '') +
      (p.loggedDeniedAllowed > 0
        ? `; ${p.loggedDeniedAllowed.toLocaleString('en-US')} of those a learned rule allows all the same (see its review line)`
        : ''),
  ];
  if (p.flags.length > 0) {
    lines.push('review before enforcing:');
    for (const f of p.flags) lines.push(`  ${f.rule}: ${f.reason}`);
  }
  if (p.external.length > 0) {
    lines.push('external sources (inbound: never allowed, listed for review):');
    for (const e of p.external) lines.push(`  ${e.src}: ${plural(e.connections, 'attempt')}`);
  }
  if (p.deniedByRule.length > 0) {
    lines.push('denied by a rule of the policy (a learned allow after it cannot change them):');
    for (const d of p.deniedByRule) {
      lines.push(
        `  ${d.rule}: ${plural(d.connections, 'attempt')}, e.g. ${JSON.stringify(d.example)}`,
      );
    }
  }
  if (p.unlearnable.length > 0) {
    lines.push('not learned:');
    for (const u of p.unlearnable) lines.push(`  ${u.file}:${u.line}: ${u.reason}`);
  }
  return lines.join('\n') + '\n';
}
