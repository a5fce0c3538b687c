// `pnpm bench:bundle:floor`: what the web app's libraries weigh on their own, gzipped, built with
// the web app's own Vite configuration from entries that import only each library's minimum.
// Explains the sign-in page's figure from `pnpm bench:bundle` (docs/decisions/006).
import path from 'node:path';
import zlib from 'node:zlib';
import { root } from './lib.mjs';

const web = path.join(root, 'apps/web');
const { build } = await import(path.join(web, 'node_modules/vite/dist/node/index.js'));

const entries = {
  'react-dom/client + react': `import { createRoot } from 'react-dom/client'; import { StrictMode } from 'react'; use(createRoot, StrictMode);`,
  'react-router (data router)': `import { createBrowserRouter, RouterProvider } from 'react-router'; use(createBrowserRouter, RouterProvider);`,
  'MUI theme + CssBaseline (emotion)': `import { ThemeProvider, createTheme } from '@mui/material/styles'; import CssBaseline from '@mui/material/CssBaseline'; use(ThemeProvider, createTheme, CssBaseline);`,
  'contract schemas (zod)': `import { signInSchema, problemSchema, browserSessionSchema } from '@team-access/contract'; use(signInSchema, problemSchema, browserSessionSchema);`,
  '@tanstack/react-query': `import { QueryClient, QueryClientProvider, useQuery, useMutation } from '@tanstack/react-query'; use(QueryClient, QueryClientProvider, useQuery, useMutation);`,
  'react-hook-form + zod resolver': `import { useForm, useController } from 'react-hook-form'; import { zodResolver } from '@hookform/resolvers/zod'; use(useForm, useController, zodResolver);`,
};
entries['all of the above'] = Object.values(entries).join('\n');
entries['the whole web app, one file'] = `import '/src/main.tsx';`;

const ENTRY = '\0bench-entry';
async function gzippedSize(code) {
  const result = await build({
    configFile: path.join(web, 'vite.config.ts'),
    root: web,
    logLevel: 'silent',
    plugins: [
      {
        name: 'bench-entry',
        resolveId: (id) => (id === 'bench-entry' ? ENTRY : null),
        load: (id) => (id === ENTRY ? `const use = (...values) => { globalThis.__bench = values; };\n${code}` : null),
      },
    ],
    build: { write: false, rollupOptions: { input: 'bench-entry', output: { codeSplitting: false } } },
  });
  const output = (Array.isArray(result) ? result[0] : result).output;
  return output.filter((o) => o.type === 'chunk').reduce((n, c) => n + zlib.gzipSync(c.code, { level: 9 }).length, 0);
}

process.stdout.write(`\n${'entry'.padEnd(40)} ${'gzip KB'.padStart(8)}\n`);
for (const [name, code] of Object.entries(entries)) {
  const size = await gzippedSize(code);
  process.stdout.write(`${name.padEnd(40)} ${(size / 1024).toFixed(1).padStart(8)}\n`);
}
