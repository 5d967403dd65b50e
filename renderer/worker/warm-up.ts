/**
 * The engine's code, optimised before the first edit.
 *
 * V8 optimises a function only once it has run for a while. Without a warm-up, the first
 * checks of a newly opened 2,000-line policy took 104, 68 and 59 ms in Node against 17–24 ms
 * once optimised, and in Chromium's worker the first keystroke's check took 145 ms; those
 * first keystrokes were the slow tail of the diagnostics (bench/ui.ts). When the worker
 * starts, while the user is still choosing a project, it checks the bundled example
 * policies a hundred times and a generated 700-line policy fifteen times (about half a
 * second of its time): the first keystroke's check then took 56 ms.
 *
 * The warm-up is a sequence of steps, one check each (a millisecond for an example, 10–30 ms
 * for the generated policy), so that a real request waits at most one step. It runs in a
 * session of its own: the real session's cache of the last checked project is left alone.
 */
import { EngineSession } from './engine-handlers.js';
import type { ProjectInput } from './protocol.js';

/**
 * A policy of `groups` × 7 statements using every statement kind and most item kinds: the
 * shape of a large real policy, which small examples alone do not give V8 to optimise for.
 */
export function syntheticPolicy(groups: number): string {
  const lines = ['policy warm-up', ''];
  for (let i = 0; i < groups; i++) {
    lines.push(
      `hosts h${i} = a${i}.example.com, *.b${i}.example.com`,
      `nets n${i} = 10.${i % 256}.0.0/24, fd00:${i.toString(16)}::/64`,
      `services s${i} = tcp/443, udp/53, tcp/8000-8099`,
      `allow r${i} from any, 10.0.0.0/8 to h${i}, n${i} on s${i} log`,
      `deny d${i} from 10.${i % 256}.1.0/24 to 203.0.113.0/24, c${i}.example.org on tcp/1-1024 methods GET, POST paths /x/*, /y`,
      `expect allow 10.0.0.1 -> a${i}.example.com on tcp/443 by r${i}`,
      `expect deny 10.${i % 256}.1.1 -> c${i}.example.org on tcp/80 method GET path /x/1`,
    );
  }
  lines.push('', 'default deny log', '');
  return lines.join('\n');
}

/** Rounds over the samples: enough for V8 to optimise the parser and checker (measured). */
export const WARM_UP_ROUNDS = 100;

/** One check per step; each round's texts differ, so that no check is answered from cache. */
export function* warmUpSteps(
  samples: readonly string[],
  rounds = WARM_UP_ROUNDS,
  session: Pick<EngineSession, 'handle'> = new EngineSession(),
): Generator<void, void, void> {
  for (let round = 0; round < rounds; round++) {
    for (const text of samples) {
      const project = {
        policyFile: 'warm-up.egress',
        policyText: `${text}\n# warm-up ${round}\n`,
        topology: null,
      };
      session.handle({ type: 'analyze', project });
      // The details answer every edit that rests: warm its path too, now and then.
      if (round % 10 === 0) session.handle({ type: 'analysis-details', project });
      yield;
    }
  }
}

/**
 * A newly opened project (or a large paste) is checked again a few times right after its
 * first check, while the user reads it.
 *
 * The start-up warm-up cannot know the project's shapes: its topology, its item kinds, a
 * statement count that makes every statement move when a line is typed above them. Left to
 * the first keystroke, those first runs were most of its time. In Chromium's worker the
 * first keystroke's check took 100–160 ms (Chromium traces), up to a third of it one
 * collection that copied the whole freshly made analysis of the opening check, where later
 * keystrokes took 12–31 ms. These checks make V8 optimise for the project, and the garbage
 * they leave has the opening analysis promoted out of the young generation before anyone
 * types: the first keystroke's check then took 20–64 ms.
 *
 * Each round checks the project as if typed into in the middle: a line there grows by a
 * character each round, and every other round a line break comes and goes above it. So the
 * statements above it are reused where they are, that line is parsed, and those below it
 * move, as when the user types; warm-ups that only moved every statement left V8 to
 * re-optimise the parser and checker at the first real keystroke (`--trace-deopt`). The
 * checks run in a session of their own, dropped at the end.
 */
export function* projectWarmUpSteps(
  project: ProjectInput,
  rounds = PROJECT_WARM_UP_ROUNDS,
  session: Pick<EngineSession, 'handle'> = new EngineSession(),
): Generator<void, void, void> {
  const lines = project.policyText.split('\n');
  const middle = Math.floor(lines.length / 2);
  for (let round = 0; round < rounds; round++) {
    const typed = [...(round % 2 === 1 ? [''] : []), 'x'.repeat(round + 1)];
    const policyText = [...lines.slice(0, middle), ...typed, ...lines.slice(middle)].join('\n');
    session.handle({ type: 'analyze', project: { ...project, policyText } });
    yield;
  }
}

/** Measured: fewer left the first keystroke slow, more changed nothing (README "Designer"). */
export const PROJECT_WARM_UP_ROUNDS = 6;

/** Below this many statements parsed afresh, a check is a few milliseconds: no warm-up. */
export const PROJECT_WARM_UP_MIN_STATEMENTS = 200;

/**
 * Runs the steps one task at a time, letting requests that arrive in between go first.
 * Returns a function that stops them.
 */
export function runInSteps(steps: Iterator<void>): () => void {
  const channel = new MessageChannel();
  let stopped = false;
  channel.port1.onmessage = () => {
    let done: boolean | undefined = true;
    if (!stopped) {
      try {
        done = steps.next().done;
      } catch {
        // The warm-up only saves time: a failure in it must not touch the real work.
      }
    }
    if (done) channel.port1.close();
    else channel.port2.postMessage(null);
  };
  channel.port2.postMessage(null);
  return () => {
    stopped = true;
  };
}
