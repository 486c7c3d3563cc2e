import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import type {} from '../modules/auth/auth.types.ts';

/** Where `vite build` (web/vite.config.ts) puts the workspace UI. */
export const defaultWebDistDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'web', 'dist');

const notBuiltPage = `<!doctype html><html lang="de"><head><meta charset="utf-8"><title>Poststelle</title></head>
<body style="font:15px system-ui,sans-serif;margin:40px;color:#1f2937"><h1>Poststelle</h1>
<p>Die Web-Oberfläche ist noch nicht gebaut: <code>npm run build:web</code> (oder <code>npm run setup</code>).</p>
<p>The web UI has not been built yet: run <code>npm run build:web</code>. API: <a href="/openapi.json">/openapi.json</a></p></body></html>`;

/**
 * The React workspace (web/dist) at `/`: hashed assets cached for good, every
 * other non-API GET answered with index.html so the client router can take over.
 * All of it is public — the UI itself asks for the login.
 */
export function webRoutes(options: { distDir?: string } = {}): FastifyPluginAsync {
  const distDir = options.distDir ?? defaultWebDistDir;
  return async (server) => {
    const indexFile = path.join(distDir, 'index.html');
    if (!fs.existsSync(indexFile)) {
      server.get('/', { schema: { hide: true }, config: { access: 'public' } }, async (_request, reply) => reply.type('text/html; charset=utf-8').send(notBuiltPage));
      return;
    }
    await server.register(fastifyStatic, { root: distDir, serve: false });
    const sendIndex = (reply: FastifyReply) =>
      reply.header('cache-control', 'no-cache').type('text/html; charset=utf-8').sendFile('index.html', distDir);

    server.get('/', { schema: { hide: true }, config: { access: 'public' } }, async (_request, reply) => sendIndex(reply));
    server.get<{ Params: { '*': string } }>('/assets/*', { schema: { hide: true }, config: { access: 'public' } }, async (request, reply) =>
      reply.header('cache-control', 'public, max-age=31536000, immutable').sendFile(request.params['*'], path.join(distDir, 'assets')),
    );
    server.get<{ Params: { '*': string } }>('/*', { schema: { hide: true }, config: { access: 'public' } }, async (request, reply) => {
      const wanted = request.params['*'];
      if (wanted.startsWith('api/')) return reply.code(404).send({ code: 'not_found', message: `no route ${request.method} ${request.url}` });
      const file = path.resolve(distDir, wanted);
      if (file.startsWith(distDir + path.sep) && fs.existsSync(file) && fs.statSync(file).isFile()) return reply.sendFile(path.relative(distDir, file), distDir);
      return sendIndex(reply);
    });
  };
}
