import path from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const webDir = path.dirname(fileURLToPath(import.meta.url));

/** The agent workspace: built into web/dist (served by `poststelle serve`); `vite` in dev proxies the API to :3000. */
export default defineConfig({
  root: webDir,
  plugins: [react()],
  build: { outDir: path.join(webDir, 'dist'), emptyOutDir: true, sourcemap: false, chunkSizeWarningLimit: 800 },
  server: {
    port: 5173,
    proxy: { '/api': 'http://127.0.0.1:3000', '/openapi.json': 'http://127.0.0.1:3000', '/docs': 'http://127.0.0.1:3000' },
  },
});
