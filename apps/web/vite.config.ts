import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/** The BFF that serves /api (and, in production, this SPA); `pnpm dev` starts it on PORT. */
const BFF_ORIGIN = `http://127.0.0.1:${process.env.PORT || 3000}`;

// changeOrigin stays false: the BFF's CSRF check compares Origin with Host, so both must keep the
// dev server's own (same-origin) values.
const apiProxy = {
  '/api': { target: BFF_ORIGIN, changeOrigin: false },
  '/readyz': { target: BFF_ORIGIN, changeOrigin: false },
};

export default defineConfig({
  plugins: [react()],
  resolve: {
    alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) },
  },
  server: { port: 5173, strictPort: true, proxy: apiProxy },
  preview: { port: 4173, strictPort: true, proxy: apiProxy },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
  },
});
