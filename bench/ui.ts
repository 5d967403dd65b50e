/**
 * The designer in a real browser (Debian Chromium, driven by playwright-core): diagnostics
 * latency on a 2,000-line policy, main-thread responsiveness while the worker re-checks, and
 * frame times while panning and zooming a 500-node, 800-edge topology. Projects are loaded
 * through the app's own Open flow (the upload fallback). Figures are measured in the page
 * with performance.now(), a MutationObserver on the editor and a requestAnimationFrame loop.
 * Run alone with `npx tsx bench/ui.ts`.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { chromium, type Page } from 'playwright-core';
import { stringify } from 'yaml';
import { random } from './flows.js';

export interface Row {
  measure: string;
  median: number;
  p95: number;
  unit: string;
  note: string;
}

/** Keystroke pairs (type, delete): twenty, so that the p95 is not simply the slowest one. */
const DIAGNOSTIC_RUNS = 20;
const MOTION_RUNS = 3;
const MOTION_MS = 2000;
/** Pause after each gesture, long enough for the view to settle (view-gestures.ts: 150 ms). */
const REST_MS = 1000;

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/**
 * Page-side probes, installed as a plain script so that no bundler helper leaks into the
 * page. `arm(wantError)` starts timing at the next keydown and stops when the editor's
 * error squiggle appears (or disappears), tracking frame gaps and long tasks meanwhile;
 * `frames()` records rAF intervals until `stopFrames()`; `zoom(x, y, ms)` zooms in and out
 * with one wheel event per frame, as a mouse wheel or trackpad delivers them. (Playwright's
 * `mouse.wheel` waits for each event to be acknowledged: about six events a second here,
 * with the view at rest between them, which measures idle frames rather than zooming.)
 * `pan(x, y, ms)` drags the view in a circle with one mouse move per frame from (x, y), which
 * `emptyPane` finds beforehand (pressing on a node or an edge would drag or select it
 * instead), and returns how many frames the view moved in, so that a drag that moved nothing
 * is caught.
 */
export const PAGE_PROBES = `
window.__bench = (() => {
  const longTasks = [];
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) longTasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: true });
  } catch {}
  let probe = null;
  let recording = null;
  return {
    arm(wantError) {
      const root = document.querySelector('.policy-editor');
      const p = { start: null, end: null, maxGap: 0, last: 0, done: false };
      probe = p;
      const hasError = () => root.querySelector('.squiggly-error') !== null;
      const finish = () => {
        if (p.start === null || p.done || hasError() !== wantError) return;
        p.end = performance.now();
        p.done = true;
        observer.disconnect();
      };
      const observer = new MutationObserver(finish);
      observer.observe(root, { subtree: true, childList: true, attributes: true });
      document.addEventListener('keydown', () => {
        p.start = performance.now();
        p.last = p.start;
        const tick = (t) => {
          p.maxGap = Math.max(p.maxGap, t - p.last);
          p.last = t;
          finish();
          if (!p.done) requestAnimationFrame(tick);
        };
        requestAnimationFrame(tick);
      }, { capture: true, once: true });
    },
    result() {
      if (!probe || !probe.done) return null;
      const { start, end } = probe;
      const longest = longTasks
        .filter((t) => t.start + t.duration > start && t.start < end)
        .reduce((m, t) => Math.max(m, t.duration), 0);
      return { latency: end - start, maxGap: probe.maxGap, longestTask: longest };
    },
    frames() {
      const r = { gaps: [], last: performance.now(), on: true };
      recording = r;
      const tick = (t) => {
        r.gaps.push(t - r.last);
        r.last = t;
        if (r.on) requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
    },
    stopFrames() {
      recording.on = false;
      return recording.gaps.slice(1);
    },
    /** The empty pane point nearest to (x, y), searched before any frame is recorded. */
    emptyPane(x, y) {
      const pane = document.querySelector('.react-flow__pane').getBoundingClientRect();
      const reach = Math.min(pane.width, pane.height) / 2 - 20;
      for (let r = 0; r < reach; r += 4) {
        for (let a = 0; a < 32; a++) {
          const px = x + r * Math.cos((a * Math.PI) / 16);
          const py = y + r * Math.sin((a * Math.PI) / 16);
          if (document.elementFromPoint(px, py)?.classList.contains('react-flow__pane')) {
            return { x: px, y: py };
          }
        }
      }
      throw new Error('no empty pane on the canvas');
    },
    pan(x, y, ms) {
      return new Promise((resolve) => {
        const layer = document.querySelector('.react-flow__viewport');
        const at = (px, py) => ({
          clientX: px, clientY: py, screenX: px, screenY: py, view: window,
          bubbles: true, cancelable: true, button: 0, buttons: 1,
        });
        document.elementFromPoint(x, y).dispatchEvent(new MouseEvent('mousedown', at(x, y)));
        let moved = 0;
        let last = layer.style.transform;
        const start = performance.now();
        let i = 0;
        const step = () => {
          if (layer.style.transform !== last) {
            moved++;
            last = layer.style.transform;
          }
          if (performance.now() - start >= ms) {
            window.dispatchEvent(new MouseEvent('mouseup', at(x, y)));
            return resolve(moved);
          }
          const t = i / 15;
          window.dispatchEvent(new MouseEvent('mousemove', at(x + Math.sin(t) * 250, y + Math.cos(t) * 150)));
          i++;
          requestAnimationFrame(step);
        };
        requestAnimationFrame(step);
      });
    },
    zoom(x, y, ms) {
      return new Promise((resolve) => {
        const target = document.elementFromPoint(x, y);
        const start = performance.now();
        let i = 0;
        const step = () => {
          if (performance.now() - start >= ms) return resolve(i);
          // Fifteen steps in, fifteen out: stays between the zoom limits.
          const deltaY = Math.floor(i / 15) % 2 === 0 ? -40 : 40;
          target.dispatchEvent(new WheelEvent('wheel', { deltaY, clientX: x, clientY: y, bubbles: true, cancelable: true }));
          i++;
          requestAnimationFrame(step);
        };
        requestAnimationFrame(step);
      });
    },
  };
})();
`;

interface ProjectText {
  topology: string;
  policy: string;
}

/** ~2,000 valid lines: 200 sets, 1,600 rules each reaching one host of its own, 200 expects. */
export function diagnosticsProject(): ProjectText {
  const roles = 20;
  const topology = {
    version: 1,
    name: 'bench-policy',
    zones: [
      { id: 'vpc', kind: 'internal', label: 'VPC', cidrs: ['10.0.0.0/8'] },
      { id: 'internet', kind: 'external', label: 'Internet' },
    ],
    nodes: Array.from({ length: roles }, (_, k) => ({
      id: `node-${k}`,
      kind: 'training-job',
      zone: 'vpc',
      roles: [`role-${k}`],
      addresses: [`10.${k}.0.0/24`],
      position: { x: 80 + (k % 5) * 220, y: 80 + Math.floor(k / 5) * 140 },
    })),
    edges: [],
  };
  const lines = ['# Generated for the UI benchmark.', 'policy bench', ''];
  for (let s = 0; s < 100; s++) {
    lines.push(`hosts hosts-${s} = api-${s}.example.com, *.cdn-${s}.example.net`);
    lines.push(`nets nets-${s} = 192.168.${s}.0/24`);
  }
  for (let r = 0; r < 1600; r++) {
    const to = r % 2 === 0 ? `hosts-${r % 100}` : `nets-${r % 100}`;
    lines.push(`allow r${r} from role:role-${r % roles} to ${to}, svc-${r}.example.org on tcp/443`);
  }
  lines.push('default deny log');
  for (let r = 0; r < 200; r++) {
    lines.push(`expect allow node:node-${r % roles} -> svc-${r}.example.org on tcp/443 by r${r}`);
  }
  return { topology: stringify(topology), policy: lines.join('\n') + '\n' };
}

/** 500 nodes over four internal zones and the internet, 800 distinct random edges. */
export function canvasProject(nodes = 500, edges = 800): ProjectText {
  const rnd = random(7);
  const internal = 4;
  const zones = [
    ...Array.from({ length: internal }, (_, z) => ({
      id: `zone-${z}`,
      kind: 'internal',
      label: `Zone ${z}`,
      cidrs: [`10.${z}.0.0/16`],
    })),
    { id: 'internet', kind: 'external', label: 'Internet' },
  ];
  const perZone = Math.ceil(nodes / (internal + 1));
  const kinds = ['training-job', 'notebook', 'inference-service'];
  const list = Array.from({ length: nodes }, (_, k) => {
    const z = Math.floor(k / perZone);
    const i = k % perZone;
    const position = { x: z * 1400 + (i % 10) * 130, y: Math.floor(i / 10) * 110 };
    if (z < internal) {
      return {
        id: `n-${k}`,
        kind: kinds[k % kinds.length]!,
        zone: `zone-${z}`,
        roles: [`role-${k % 40}`],
        addresses: [`10.${z}.${i}.0/24`],
        position,
      };
    }
    return {
      id: `n-${k}`,
      kind: 'package-index',
      zone: 'internet',
      hosts: [`h${k}.example.com`],
      position,
    };
  });
  const seen = new Set<string>();
  const links: { from: string; to: string; service: string }[] = [];
  while (links.length < edges) {
    const a = Math.floor(rnd() * nodes);
    const b = Math.floor(rnd() * nodes);
    if (a === b || seen.has(`${a}>${b}`)) continue;
    seen.add(`${a}>${b}`);
    links.push({ from: `n-${a}`, to: `n-${b}`, service: 'tcp/443' });
  }
  const topology = { version: 1, name: 'bench-canvas', zones, nodes: list, edges: links };
  return { topology: stringify(topology), policy: 'policy canvas\n\ndefault deny log\n' };
}

function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

function p95(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(s.length * 0.95) - 1)]!;
}

const round = (n: number): number => Math.round(n * 10) / 10;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function serve(): Promise<{ url: string; server: ChildProcess }> {
  // Always build: a stale dist/renderer would measure old code.
  const built = spawnSync('npx', ['vite', 'build', '--logLevel', 'warn'], { stdio: 'inherit' });
  if (built.status !== 0) throw new Error('vite build failed');
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const server = spawn(
    'npx',
    ['vite', 'preview', '--host', '127.0.0.1', '--port', String(port), '--strictPort'],
    { stdio: 'ignore', detached: true },
  );
  for (let i = 0; i < 200; i++) {
    try {
      if ((await fetch(url)).ok) return { url, server };
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  stop(server);
  throw new Error(`vite preview did not answer on ${url}`);
}

function stop(server: ChildProcess): void {
  // npx starts vite in a child: end the whole group this function started.
  if (server.pid !== undefined) {
    try {
      process.kill(-server.pid);
    } catch {
      // Already gone.
    }
  }
}

/** Opens a project through Open → the upload fallback (no File System Access API here). */
export async function openProject(page: Page, project: ProjectText): Promise<void> {
  const chooser = page.waitForEvent('filechooser');
  await page.getByTestId('cmd-open').click();
  const discard = page.getByTestId('confirm-discard');
  if (await discard.isVisible().catch(() => false)) await discard.click();
  await (
    await chooser
  ).setFiles([
    { name: 'topology.yaml', mimeType: 'text/yaml', buffer: Buffer.from(project.topology) },
    { name: 'policy.egress', mimeType: 'text/plain', buffer: Buffer.from(project.policy) },
  ]);
}

interface ProbeResult {
  latency: number;
  maxGap: number;
  longestTask: number;
}

export async function timeKey(page: Page, key: string, wantError: boolean): Promise<ProbeResult> {
  await page.evaluate(`window.__bench.arm(${wantError})`);
  await page.keyboard.press(key);
  // Polled from here: the app's CSP forbids the string eval that waitForFunction uses. The
  // timing itself is taken in the page, so the polling interval does not affect it.
  for (let i = 0; i < 1500; i++) {
    const result = (await page.evaluate('window.__bench.result()')) as ProbeResult | null;
    if (result) return result;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`no marker change after pressing ${key}`);
}

/**
 * Puts the cursor at the start of a rule in the middle of the policy (Monaco's Go to Line),
 * without editing: the first timed keystroke is the first edit after opening. A keystroke
 * there moves every statement below it, the usual case when editing and the harder one for
 * the engine, which reuses unchanged statements (at the end of the file it would move none).
 * Returns the line's number.
 */
export async function cursorMidway(page: Page, project: ProjectText): Promise<number> {
  const line = Math.floor(project.policy.split('\n').length / 2);
  await page.locator('.policy-editor .monaco-editor').click();
  await page.keyboard.press('Control+G');
  await page.keyboard.type(String(line));
  await page.keyboard.press('Enter');
  await page.keyboard.press('Home');
  return line;
}

export async function benchDiagnostics(page: Page): Promise<Row[]> {
  const project = diagnosticsProject();
  await openProject(page, project);
  const status = page.getByTestId('editor-status');
  await status.filter({ hasText: 'Valid' }).waitFor({ timeout: 60_000 });
  const line = await cursorMidway(page, project);
  const appear: ProbeResult[] = [];
  const vanish: ProbeResult[] = [];
  for (let i = 0; i < DIAGNOSTIC_RUNS; i++) {
    // `xallow` is an unknown statement: an error squiggle.
    appear.push(await timeKey(page, 'x', true));
    await page.keyboard.press('Escape');
    vanish.push(await timeKey(page, 'Backspace', false));
    await page.waitForTimeout(300);
  }
  const lines = project.policy.split('\n').length - 1;
  const both = [...appear, ...vanish];
  const row = (measure: string, values: number[], unit: string, note: string): Row => ({
    measure,
    median: round(median(values)),
    p95: round(p95(values)),
    unit,
    note,
  });
  return [
    row(
      'keystroke → error marker shown',
      appear.map((r) => r.latency),
      'ms',
      `${lines}-line policy, typing on line ${line}; keydown → .squiggly-error; target ≤ 100`,
    ),
    row(
      'first keystroke after opening → marker shown',
      [appear[0]!.latency],
      'ms',
      'the first of the row above, shown alone: the slowest kind; target ≤ 100',
    ),
    row(
      'keystroke → error marker cleared',
      vanish.map((r) => r.latency),
      'ms',
      `keydown (Backspace) → no .squiggly-error; target ≤ 100`,
    ),
    row(
      'max frame gap during re-check',
      both.map((r) => r.maxGap),
      'ms',
      `rAF loop from keydown to marker; ${both.length} re-checks`,
    ),
    row(
      'longest main-thread task during re-check',
      both.map((r) => r.longestTask),
      'ms',
      'PerformanceObserver longtask (0 = none over 50 ms)',
    ),
  ];
}

async function recordFrames(page: Page, drive: () => Promise<void>): Promise<number[]> {
  await page.evaluate('window.__bench.frames()');
  await drive();
  return (await page.evaluate('window.__bench.stopFrames()')) as number[];
}

function frameRows(name: string, gaps: number[], note: string): Row[] {
  const mean = gaps.reduce((a, b) => a + b, 0) / gaps.length;
  return [
    {
      measure: `${name} frame time`,
      median: round(median(gaps)),
      p95: round(p95(gaps)),
      unit: 'ms',
      note,
    },
    {
      measure: `${name} fps`,
      median: round(1000 / median(gaps)),
      p95: round(1000 / p95(gaps)),
      unit: 'fps',
      note: `mean ${round(1000 / mean)} fps; p95 column = fps at the p95 frame time`,
    },
  ];
}

async function benchCanvas(page: Page): Promise<Row[]> {
  await openProject(page, canvasProject());
  await page.getByTestId('node-n-499').waitFor({ state: 'attached', timeout: 60_000 });
  const rendered = await page.locator('.react-flow__node').count();
  const renderedEdges = await page.locator('.react-flow__edge').count();
  await page.waitForTimeout(1000);
  const box = (await page.locator('.react-flow__pane').boundingBox())!;
  const cx = box.x + box.width / 2;
  const cy = box.y + box.height / 2;
  const pan: number[] = [];
  const zoom: number[] = [];
  for (let run = 0; run < MOTION_RUNS; run++) {
    const from = (await page.evaluate(`window.__bench.emptyPane(${cx}, ${cy})`)) as {
      x: number;
      y: number;
    };
    const panned = await recordFrames(page, async () => {
      const moves = (await page.evaluate(
        `window.__bench.pan(${from.x}, ${from.y}, ${MOTION_MS})`,
      )) as number;
      if (moves < 10) throw new Error(`the pan moved the view ${moves} times`);
    });
    pan.push(...panned);
    // Each gesture is measured from rest: the end of one (xyflow taking over the view, the
    // level of detail switching) is not a frame of the next.
    await page.waitForTimeout(REST_MS);
    const zoomed = await recordFrames(page, async () => {
      await page.evaluate(`window.__bench.zoom(${cx}, ${cy}, ${MOTION_MS})`);
    });
    zoom.push(...zoomed);
    await page.waitForTimeout(REST_MS);
  }
  const note = `500 nodes, 800 edges (${rendered} nodes, ${renderedEdges} edges in the DOM)`;
  return [
    ...frameRows('pan (mouse drag)', pan, `${note}; ${MOTION_RUNS}×${MOTION_MS} ms`),
    ...frameRows('zoom (mouse wheel)', zoom, `${note}; ${MOTION_RUNS}×${MOTION_MS} ms`),
  ];
}

export async function benchUi(): Promise<Row[]> {
  const { url, server } = await serve();
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    // The upload fallback: without the folder picker, Open asks for files.
    await page.addInitScript({
      content: `delete window.showDirectoryPicker;\n${PAGE_PROBES}`,
    });
    page.on('pageerror', (e) => console.error('page error:', e.message));
    await page.goto(url);
    await page.getByTestId('status-bar').filter({ hasText: 'Engine ready' }).waitFor();
    const rows = await benchDiagnostics(page);
    rows.push(...(await benchCanvas(page)));
    return rows;
  } finally {
    await browser.close();
    stop(server);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log('\n## Designer in Chromium (bench/ui.ts)\n');
  console.table(await benchUi());
}
