/**
 * A small built-in page until the React workspace lands: recent documents,
 * search with highlighted snippets, links to page images and PDFs.
 */
export const homePage = `<!doctype html>
<html lang="de"><head><meta charset="utf-8"><title>Poststelle</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body{font:15px/1.45 system-ui,sans-serif;margin:0;background:#f5f6f8;color:#1d2330}
header{background:#1d3557;color:#fff;padding:12px 24px;display:flex;gap:24px;align-items:center}
header h1{font-size:20px;margin:0} main{padding:16px 24px;max-width:1100px}
input{font-size:16px;padding:8px;width:420px} button{font-size:16px;padding:8px 14px}
table{border-collapse:collapse;width:100%;background:#fff} td,th{padding:6px 8px;border-bottom:1px solid #e3e6ea;text-align:left;font-size:14px}
mark{background:#ffe066} .hit{background:#fff;padding:10px 12px;margin:8px 0;border-left:4px solid #457b9d}
.status-quarantined{color:#b00020} .status-needs_review{color:#8a5a00} .status-routed{color:#1b7f3b}
a{color:#1d4ed8}
</style></head>
<body><header><h1>Poststelle</h1><form id="f"><input id="q" placeholder="Suche: Wörter, Kundennummer, IBAN …" autofocus> <button>Suchen</button></form>
<a style="color:#cde" href="/openapi.json">API</a></header>
<main><div id="hits"></div><h2>Eingang</h2><table><thead><tr><th>Eingang</th><th>Kanal</th><th>Status</th><th>Seiten</th><th>Quelle</th><th></th></tr></thead><tbody id="docs"></tbody></table></main>
<script>
const esc = (s) => String(s ?? '').replace(/[&<>"]/g, (c) => ({'&':'&amp;','<':'&lt;','>':'&gt;','"':'&quot;'}[c]));
const safeSnippet = (s) => esc(s).replace(/&lt;mark&gt;/g, '<mark>').replace(/&lt;\\/mark&gt;/g, '</mark>');
async function loadDocs() {
  const r = await fetch('/api/v1/documents?limit=100'); const { documents } = await r.json();
  document.getElementById('docs').innerHTML = documents.map((d) => '<tr><td>' + esc(d.receivedAt.slice(0,16).replace('T',' ')) + '</td><td>' + esc(d.channel) + '</td><td class="status-' + esc(d.status) + '">' + esc(d.status) + (d.errorCode ? ' (' + esc(d.errorCode) + ')' : '') + '</td><td>' + d.pages + '</td><td>' + esc(d.source) + '</td><td>' + (d.pages ? '<a href="/api/v1/documents/' + d.id + '/pages/1/image">Seite 1</a> · <a href="/api/v1/documents/' + d.id + '/pdf">PDF</a>' : '') + ' · <a href="/api/v1/documents/' + d.id + '">Daten</a></td></tr>').join('');
}
document.getElementById('f').addEventListener('submit', async (e) => {
  e.preventDefault(); const q = document.getElementById('q').value;
  const r = await fetch('/api/v1/search?q=' + encodeURIComponent(q)); const res = await r.json();
  document.getElementById('hits').innerHTML = '<p>' + res.total + ' Treffer (' + res.tookMs + ' ms)</p>' + res.hits.map((h) => '<div class="hit"><a href="/api/v1/documents/' + h.id + '/pdf">' + esc(h.source) + '</a> · ' + esc(h.receivedAt.slice(0,10)) + '<br>' + safeSnippet(h.snippet) + '</div>').join('');
});
loadDocs(); setInterval(loadDocs, 5000);
</script></body></html>`;
