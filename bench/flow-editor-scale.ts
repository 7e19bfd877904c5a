/**
 * How the flow designer holds up at the size limit (a flow of 500 nodes, issue §11): PUTs a generated
 * 500-node flow as a line's draft on a running stack, opens the editor in Chromium, and prints the
 * time until every node is drawn and the frame times while a node is dragged across the canvas.
 *
 *   LINEFLOW_URL=http://127.0.0.1:3000 LINEFLOW_ADMIN_PASSWORD=… npx tsx bench/flow-editor-scale.ts
 *
 * Env: LINEFLOW_URL (the stack), LINEFLOW_ADMIN_EMAIL (admin@lineflow.local), LINEFLOW_ADMIN_PASSWORD,
 * LINEFLOW_LINE (demo-support), LINEFLOW_NODES (500). It overwrites that line's draft. No assertions:
 * figures for BENCHMARKS.md.
 */
import type { Flow } from '../schemas/generated/flow';
import { launchChromium, signInThroughPage } from '../test/support/browser';

const url = process.env.LINEFLOW_URL ?? 'http://127.0.0.1:3000';
const email = process.env.LINEFLOW_ADMIN_EMAIL ?? 'admin@lineflow.local';
const password = process.env.LINEFLOW_ADMIN_PASSWORD ?? '';
const lineId = process.env.LINEFLOW_LINE ?? 'demo-support';
const count = Number(process.env.LINEFLOW_NODES ?? 500);

/** Chains of ten nodes from a trigger each: actions, conditions, queues, delays, in a grid. */
export function bigFlow(nodes: number): Flow {
  const flow: Flow = { schemaVersion: 1, name: `Scale test: ${nodes} nodes`, nodes: [], edges: [] };
  for (let i = 0; i < nodes; i++) {
    const row = Math.floor(i / 10);
    const col = i % 10;
    const id = `n${i}`;
    const position = { x: col * 280, y: row * 150 };
    if (col === 0) flow.nodes.push({ id, type: 'trigger', params: { event: 'client.message' }, position });
    else if (col % 3 === 1)
      flow.nodes.push({
        id,
        type: 'action',
        params: { activity: 'sendMessage', input: { text: `Step ${i}` } },
        position,
      });
    else if (col % 3 === 2)
      flow.nodes.push({
        id,
        type: 'condition',
        params: { when: { fact: 'messageText', contains: 'help' } },
        position,
      });
    else flow.nodes.push({ id, type: 'delay', params: { duration: '5m' }, position });
    if (col > 0) {
      const prev = flow.nodes[i - 1]!;
      flow.edges.push({
        source: prev.id,
        ...(prev.type === 'condition' ? { sourceHandle: 'true' } : {}),
        target: id,
      });
    }
  }
  return flow;
}

async function main() {
  const login = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (!login.ok) throw new Error(`login: ${login.status} ${await login.text()}`);
  const { token } = (await login.json()) as { token: string };
  const put = await fetch(`${url}/api/lines/${lineId}/flow`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(bigFlow(count)),
  });
  if (!put.ok) throw new Error(`PUT draft: ${put.status} ${await put.text()}`);

  const browser = await launchChromium();
  try {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    await signInThroughPage(page, url, email, password);

    // open: from navigation to the first node drawn, and to every node xyflow draws at the fitted zoom
    // (it culls what is off screen once a flow has more than 150 nodes)
    const started = Date.now();
    await page.goto(`${url}/lines/${lineId}/flow`);
    // (strings: they run in the page, whose globals this file's types do not know)
    const drawn = `document.querySelectorAll('[aria-roledescription="node"]').length`;
    await page.waitForFunction(drawn, undefined, { timeout: 60_000 });
    const firstNode = Date.now() - started;
    let last = -1;
    for (;;) {
      const now = await page.evaluate<number>(drawn);
      if (now === last) break;
      last = now;
      await page.waitForTimeout(50);
    }
    const allDrawn = Date.now() - started - 50;

    // drag a node on screen for ~120 mouse moves while counting frames
    for (let i = 0; i < 4; i++) await page.getByRole('button', { name: 'Zoom in' }).click();
    await page.waitForTimeout(300);
    const box = (await page
      .getByRole('group', { name: /\(n\d+\)$/ })
      .first()
      .boundingBox())!;
    // as text: tsx names inner functions with a helper the page does not have
    await page.evaluate(`(() => {
      window.frames_ = [];
      let last = performance.now();
      const tick = (now) => {
        window.frames_.push(now - last);
        last = now;
        if (window.frames_.length < 2000) requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
    })()`);
    await page.mouse.move(box.x + 40, box.y + 12);
    await page.mouse.down();
    for (let i = 0; i < 120; i++) await page.mouse.move(box.x + 40 + i * 3, box.y + 12 + (i % 20) * 2);
    await page.mouse.up();
    const frames = await page.evaluate<number[]>('window.frames_.slice(1)');
    frames.sort((a, b) => a - b);
    const pct = (p: number) =>
      frames[Math.min(frames.length - 1, Math.floor((frames.length * p) / 100))]!.toFixed(1);
    console.log(`flow editor with ${count} nodes (${url}):`);
    console.log(`  first node drawn   ${firstNode} ms after navigation`);
    console.log(`  nodes drawn        ${last} of ${count}, all within ${allDrawn} ms`);
    console.log(
      `  drag: ${frames.length} frames, median ${pct(50)} ms, p95 ${pct(95)} ms, max ${frames.at(-1)!.toFixed(1)} ms`,
    );
  } finally {
    await browser.close();
  }
}

if (require.main === module)
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
