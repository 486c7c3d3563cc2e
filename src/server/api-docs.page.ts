import type { RouteAccessEntry } from '../modules/auth/auth.plugin.ts';

/**
 * The human-readable API reference at /docs, rendered on the server from the
 * OpenAPI document: no script (the CSP allows none inline), no external assets.
 * Lists per operation who may call it, taken from the routes' declared access.
 */
interface OpenApiParameter {
  name: string;
  in: string;
  required?: boolean;
  schema?: JsonSchema;
  description?: string;
}
interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  enum?: unknown[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  description?: string;
  format?: string;
}
interface OpenApiOperation {
  summary?: string;
  description?: string;
  tags?: string[];
  parameters?: OpenApiParameter[];
  requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
  responses?: Record<string, { description?: string }>;
}
interface OpenApiDocument {
  info?: { title?: string; version?: string; description?: string };
  paths?: Record<string, Record<string, OpenApiOperation>>;
}

const escapeHtml = (value: unknown): string => String(value ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

function typeOf(schema: JsonSchema | undefined): string {
  if (!schema) return '';
  if (schema.enum) return schema.enum.map((value) => JSON.stringify(value)).join(' | ');
  if (schema.anyOf) return schema.anyOf.map(typeOf).join(' | ');
  if (schema.type === 'array') return `${typeOf(schema.items)}[]`;
  const type = Array.isArray(schema.type) ? schema.type.join(' | ') : (schema.type ?? 'object');
  return schema.format ? `${type} (${schema.format})` : type;
}

function fieldRows(fields: Array<{ name: string; where: string; required: boolean; schema?: JsonSchema }>): string {
  if (fields.length === 0) return '';
  const rows = fields.map((field) => `<tr><td><code>${escapeHtml(field.name)}</code>${field.required ? ' *' : ''}</td><td>${escapeHtml(field.where)}</td><td>${escapeHtml(typeOf(field.schema))}</td></tr>`).join('');
  return `<table><thead><tr><th>Field</th><th>In</th><th>Type</th></tr></thead><tbody>${rows}</tbody></table>`;
}

/** /api/v1/documents/{id} in OpenAPI is /api/v1/documents/:id in Fastify. */
const toFastifyPath = (openApiPath: string): string => openApiPath.replace(/\{([^}]+)\}/g, ':$1');

function accessLabel(entry: RouteAccessEntry | undefined): string {
  if (!entry || entry.access === undefined) return 'denied (no access declared)';
  if (entry.access === 'public') return 'public';
  return entry.access.join(', ');
}

export function apiDocsPage(spec: unknown, routeAccess: readonly RouteAccessEntry[]): string {
  const document = spec as OpenApiDocument;
  const byTag = new Map<string, string[]>();
  for (const [path, operations] of Object.entries(document.paths ?? {})) {
    for (const [method, operation] of Object.entries(operations)) {
      const entry = routeAccess.find((route) => route.method === method.toUpperCase() && route.url === toFastifyPath(path));
      const fields = (operation.parameters ?? []).map((parameter) => ({ name: parameter.name, where: parameter.in, required: parameter.required ?? false, schema: parameter.schema }));
      const body = operation.requestBody?.content?.['application/json']?.schema;
      for (const [name, schema] of Object.entries(body?.properties ?? {})) fields.push({ name, where: 'body', required: body?.required?.includes(name) ?? false, schema });
      const responses = Object.entries(operation.responses ?? {}).map(([status]) => escapeHtml(status)).join(', ');
      const html = `<section><h3><span class="method ${escapeHtml(method)}">${escapeHtml(method.toUpperCase())}</span> <code>${escapeHtml(path)}</code></h3>
<p>${escapeHtml(operation.summary ?? '')}</p><p class="meta">Access: <b>${escapeHtml(accessLabel(entry))}</b>${responses ? ` · Responses: ${responses}` : ''}</p>${fieldRows(fields)}</section>`;
      const tag = operation.tags?.[0] ?? 'other';
      byTag.set(tag, [...(byTag.get(tag) ?? []), html]);
    }
  }
  const tags = [...byTag.keys()].sort();
  const nav = tags.map((tag) => `<a href="#${escapeHtml(tag)}">${escapeHtml(tag)}</a>`).join(' · ');
  const sections = tags.map((tag) => `<h2 id="${escapeHtml(tag)}">${escapeHtml(tag)}</h2>${(byTag.get(tag) ?? []).join('\n')}`).join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(document.info?.title ?? 'API')} — reference</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body{font:15px/1.45 system-ui,sans-serif;margin:0 auto;max-width:1000px;padding:16px 24px;color:#1d2330}
h2{border-bottom:2px solid #1d3557;padding-bottom:4px;margin-top:32px} h3{font-size:16px;margin:18px 0 4px}
section{border-left:3px solid #e3e6ea;padding-left:12px;margin-bottom:14px} .meta{color:#555;font-size:14px}
.method{display:inline-block;min-width:58px;font-size:13px;color:#fff;background:#457b9d;border-radius:3px;padding:1px 6px;text-align:center}
.post{background:#2a9d8f} .patch,.put{background:#e9a03b} .delete{background:#c1121f}
table{border-collapse:collapse;font-size:14px} td,th{padding:3px 10px;border-bottom:1px solid #e3e6ea;text-align:left}
</style></head><body>
<h1>${escapeHtml(document.info?.title ?? 'API')} <small>v${escapeHtml(document.info?.version ?? '')}</small></h1>
<p>${escapeHtml(document.info?.description ?? '')}</p>
<p>Authentication: session cookie <code>pst_session</code> from <code>POST /api/v1/auth/login</code> (state-changing requests also send header
<code>x-csrf-token</code>), or <code>Authorization: Bearer pst_…</code> with an API token. Machine-readable: <a href="/openapi.json">/openapi.json</a>.</p>
<nav>${nav}</nav>
${sections}
</body></html>`;
}
