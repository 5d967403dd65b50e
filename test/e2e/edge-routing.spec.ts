/**
 * The canvas never shows a connection that does not exist: in every template, no edge is
 * drawn under a node it does not join and no two edge labels cover each other. Measured on
 * the drawn page: points along each edge's SVG path against the nodes' on-screen boxes.
 */
import { expect, test } from './fixtures.js';

const TEMPLATES = ['llm-gateway', 'ml-training', 'rag-app'];

for (const template of TEMPLATES) {
  test(`${template}: edges run around other nodes and labels do not overlap`, async ({
    app,
    page,
  }) => {
    await app.open();
    await page.getByTestId('cmd-new').click();
    await page.getByTestId(`template-${template}`).click();
    await app.confirmDiscardIfAsked();
    await expect(page.locator('.react-flow__node-endpoint').first()).toBeVisible();
    await page.waitForTimeout(500);
    await app.screenshot(`routing-${template}`);
    const report = await page.evaluate(() => {
      const nodes = [...document.querySelectorAll<HTMLElement>('.react-flow__node-endpoint')].map(
        (n) => ({ id: n.dataset['id'] ?? '', rect: n.getBoundingClientRect() }),
      );
      const problems: string[] = [];
      const edges = [...document.querySelectorAll<SVGGElement>('.react-flow__edge')];
      for (const g of edges) {
        const path = g.querySelector<SVGPathElement>('path.flow-edge')!;
        const id = g.getAttribute('data-id') ?? '';
        // xyflow labels each edge "Edge from <source> to <target>".
        const ends = /^Edge from (\S+) to (\S+)$/.exec(g.getAttribute('aria-label') ?? '');
        const ctm = path.getScreenCTM()!;
        const length = path.getTotalLength();
        if (!ends) problems.push(`${id} does not name its ends`);
        const own = new Set([ends?.[1], ends?.[2]]);
        for (let d = 0; d <= length; d += 2) {
          const p = path.getPointAtLength(d);
          const x = ctm.a * p.x + ctm.c * p.y + ctm.e;
          const y = ctm.b * p.x + ctm.d * p.y + ctm.f;
          for (const n of nodes) {
            if (own.has(n.id)) continue;
            const r = n.rect;
            if (x > r.left + 1 && x < r.right - 1 && y > r.top + 1 && y < r.bottom - 1) {
              problems.push(`${id} passes under ${n.id}`);
            }
          }
        }
      }
      const labels = [...document.querySelectorAll<HTMLElement>('.edge-label')].map((l) => ({
        text: `${l.dataset['testid']} ${l.textContent}`,
        rect: l.getBoundingClientRect(),
      }));
      for (let i = 0; i < labels.length; i++)
        for (let j = i + 1; j < labels.length; j++) {
          const a = labels[i]!.rect;
          const b = labels[j]!.rect;
          if (a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom)
            problems.push(`labels ${labels[i]!.text} and ${labels[j]!.text} overlap`);
        }
      for (const l of labels)
        for (const n of nodes) {
          const a = l.rect;
          const b = n.rect;
          if (a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom)
            problems.push(`label ${l.text} covers ${n.id}`);
        }
      return { edges: edges.length, labels: labels.length, problems: [...new Set(problems)] };
    });
    expect(report.edges).toBeGreaterThan(3);
    expect(report.labels).toBe(report.edges);
    expect(report.problems).toEqual([]);
  });
}
