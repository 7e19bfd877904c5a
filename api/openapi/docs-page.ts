/**
 * A self-contained page that lists the OpenAPI document's operations by tag, with who may call each
 * one, its request schema and its answers (no CDN: it works on a machine without internet).
 */
export const DOCS_PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Lineflow API</title>
<style>
  body { font: 14px/1.45 system-ui, sans-serif; margin: 2rem auto; max-width: 70rem; color: #1d2330; }
  h2 { margin-top: 2rem; border-bottom: 1px solid #d6dae3; }
  details { border: 1px solid #e3e6ee; border-radius: 6px; margin: .4rem 0; padding: .3rem .6rem; }
  summary { cursor: pointer; }
  .m { display: inline-block; width: 4.2rem; font-weight: 700; text-transform: uppercase; }
  .get { color: #1f7a3a } .post { color: #1d5fbf } .put, .patch { color: #a86200 } .delete { color: #b3261e }
  code, pre { font-family: ui-monospace, monospace; } pre { background: #f5f6f9; padding: .6rem; overflow: auto; }
  .who { color: #5b6477; font-size: 12px; margin-left: .5rem; }
</style>
</head>
<body>
<h1>Lineflow API</h1>
<p>The machine-readable document: <a href="/api/openapi.json">/api/openapi.json</a> (OpenAPI 3.1).</p>
<div id="ops">Loading…</div>
<script>
  const esc = (s) => String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
  const who = (a) => (Array.isArray(a) ? a.join(', ') : a);
  fetch('/api/openapi.json').then((r) => r.json()).then((doc) => {
    const byTag = {};
    for (const [path, ops] of Object.entries(doc.paths))
      for (const [method, op] of Object.entries(ops)) (byTag[op.tags[0]] ??= []).push({ path, method, op });
    const html = Object.keys(byTag).sort().map((tag) => '<h2>' + esc(tag) + '</h2>' + byTag[tag].map(({ path, method, op }) => {
      const body = op.requestBody ? op.requestBody.content['application/json'].schema.$ref.split('/').pop() : null;
      const schema = body ? '<p>Body: <code>' + esc(body) + '</code></p><pre>' + esc(JSON.stringify(doc.components.schemas[body], null, 2)) + '</pre>' : '';
      const shape = (r) => Object.entries(r.content || {}).map(([type, m]) => ' <small>' + esc(type) + (m.schema && m.schema.$ref ? ' ' + esc(m.schema.$ref.split('/').pop()) : '') + '</small>').join('');
      const answers = Object.entries(op.responses).map(([s, r]) => '<li><code>' + s + '</code> ' + esc(r.description) + shape(r) + '</li>').join('');
      return '<details><summary><span class="m ' + method + '">' + method + '</span><code>' + esc(path) + '</code> — ' + esc(op.summary) +
        '<span class="who">' + esc(who(op['x-audience'])) + '</span></summary>' + schema + '<ul>' + answers + '</ul></details>';
    }).join('')).join('');
    document.getElementById('ops').innerHTML = html;
  });
</script>
</body>
</html>
`;
