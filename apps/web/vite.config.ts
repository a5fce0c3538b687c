import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

/** The BFF that serves /api (and, in production, this SPA); `pnpm dev` starts it on PORT. */
const BFF_ORIGIN = `http://127.0.0.1:${process.env.PORT || 3000}`;

// changeOrigin stays false: the BFF's CSRF check compares Origin with Host, so both must keep the
// dev server's own (same-origin) values.
const apiProxy = {
  '/api': { target: BFF_ORIGIN, changeOrigin: false },
  '/readyz': { target: BFF_ORIGIN, changeOrigin: false },
};

/** The libraries every page runs: React, the router, react-query, emotion and MUI's styling engine. */
const FRAMEWORK =
  /node_modules[\\/](react|react-dom|scheduler|react-router|@tanstack[\\/](react-query|query-core)|@emotion[\\/][^\\/]+|stylis|@mui[\\/](system|utils|styled-engine|private-theming)|react-is|hoist-non-react-statics|@babel[\\/]runtime|clsx|prop-types|cookie|set-cookie-parser)[\\/]/;
/**
 * MUI's theme code and the components of the sign-in page and of the frame every screen has: they
 * go with the framework. `pnpm bench:bundle` shows when a component the sign-in page starts to use
 * is missing here (the whole `mui` chunk then loads with it).
 */
const MUI_BASE =
  /node_modules[\\/]@mui[\\/]material[\\/](styles|utils|internal|transitions|zero-styled|DefaultPropsProvider|className|colors|SvgIcon|useLazyRipple|GlobalStyles|CssBaseline|InitColorSchemeScript|Paper|ButtonBase|Button|Box|Typography|Alert|IconButton|Link|Stack|Card|CardContent|FormControl|FormLabel|FormHelperText|InputBase|InputLabel|OutlinedInput|Divider|InputAdornment|CircularProgress|useMediaQuery|Fade|Grow|Collapse)[\\/]/;

/**
 * The modules the sign-in page may run (the static imports of the entry and of the sign-in route,
 * and the libraries' modules they name), found in the module graph once it is complete: the
 * `ui` and `screens` chunks must not take them, or the sign-in page would load every screen's
 * shared code.
 */
function signInModules(): { plugin: Plugin; has: (id: string) => boolean; hasPackage: (id: string) => boolean } {
  const found = new Set<string>();
  const packages = new Set<string>();
  return {
    has: (id) => found.has(id),
    hasPackage: (id) => packages.has(packageOf(id) ?? ''),
    plugin: {
      name: 'team-access:sign-in-modules',
      apply: 'build',
      buildEnd() {
        const visit = (id: string) => {
          if (found.has(id)) return;
          found.add(id);
          // A library's own imports are not followed (its barrels would name everything).
          const library = packageOf(id);
          if (library) return void packages.add(library);
          const info = this.getModuleInfo(id);
          for (const next of info?.importedIds ?? []) {
            // The contract's barrel names every schema and the route registry: only the modules
            // that export what this module imports from it are followed (ADR 046).
            if (CONTRACT_BARREL.test(next)) for (const name of barrelImports(info?.code)) visitExport(next, name);
            else visit(next);
          }
        };
        /** The module(s) behind `name` of a barrel, through nested barrels (`rules/index.ts`). */
        const visitExport = (barrel: string, name: string) => {
          found.add(barrel);
          for (const next of this.getModuleInfo(barrel)?.importedIds ?? []) {
            // A nested barrel lists none of what it re-exports: it is searched in turn.
            if (/[\\/]index\.ts$/.test(next)) visitExport(next, name);
            else if (this.getModuleInfo(next)?.exports.includes(name)) visit(next);
          }
        };
        for (const id of this.getModuleIds()) {
          if (/src[\\/](main\.tsx|app[\\/]routes[\\/]sign-in\.tsx)$/.test(id)) visit(id);
        }
      },
    },
  };
}
const signIn = signInModules();

/** The contract's main entry (`export *` of every schema module and of the route registry). */
const CONTRACT_BARREL = /packages[\\/]contract[\\/]src[\\/]index\.ts$/;

/** The value names a module's (transformed) code imports from `@team-access/contract`. */
function barrelImports(code: string | null | undefined): string[] {
  const names: string[] = [];
  for (const match of (code ?? '').matchAll(/import\s*\{([^}]*)\}\s*from\s*['"]@team-access\/contract['"]/g)) {
    for (const part of (match[1] ?? '').split(',')) {
      const name = part
        .trim()
        .replace(/^type\s+/, '')
        .split(/\s+as\s+/)[0];
      if (name) names.push(name);
    }
  }
  return names;
}

/** The package a module belongs to (`@mui/material`, `papaparse`), or undefined for our own code. */
function packageOf(id: string): string | undefined {
  return /.*node_modules[\\/]((@[^\\/]+[\\/])?[^\\/]+)/.exec(id)?.[1]?.replace('\\', '/');
}

export default defineConfig({
  plugins: [react(), signIn.plugin],
  resolve: {
    alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) },
  },
  server: { port: 5173, strictPort: true, proxy: apiProxy },
  preview: { port: 4173, strictPort: true, proxy: apiProxy },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
    rolldownOptions: {
      output: {
        // A few long-lived chunks instead of dozens of tiny ones (ADR 043): the framework (with
        // MUI's base), the form stack, the rest of MUI, and the code the signed-in screens share.
        // Each screen keeps a chunk of its own.
        codeSplitting: {
          groups: [
            { name: 'framework', test: (id) => FRAMEWORK.test(id) || MUI_BASE.test(id), priority: 40 },
            {
              name: 'forms',
              test: /node_modules[\\/](zod|react-hook-form|@hookform[\\/]resolvers)[\\/]/,
              priority: 30,
            },
            {
              name: 'sign-in',
              // Our code and the icons the sign-in page runs beyond the entry: one chunk.
              test: (id) =>
                signIn.has(id) && (!id.includes('node_modules') || /[\\/]@mui[\\/]icons-material[\\/]/.test(id)),
              priority: 35,
              includeDependenciesRecursively: false,
            },
            {
              // MUI's other components, the icons the sign-in page does not use, and the libraries
              // only signed-in screens use (CSV, virtual lists).
              name: 'ui',
              test: (id) =>
                /node_modules[\\/]@mui[\\/]material[\\/]/.test(id) ||
                (/node_modules[\\/]@mui[\\/]icons-material[\\/]/.test(id) && !signIn.has(id)) ||
                (/node_modules[\\/]/.test(id) &&
                  !/[\\/]@mui[\\/]icons-material[\\/]/.test(id) &&
                  !signIn.hasPackage(id)),
              priority: 20,
            },
            {
              name: 'screens',
              // What the screens share: components, hooks, API modules, the contract's schemas; not
              // the screens themselves (each one's chunk), nor what the sign-in page runs.
              test: (id) =>
                /(apps[\\/]web[\\/]src|packages[\\/]contract[\\/]src)[\\/]/.test(id) &&
                !/[\\/]routes[\\/][^\\/]+\.tsx$/.test(id) &&
                !signIn.has(id),
              minShareCount: 2,
              priority: 10,
              // Only the modules it names: their dependencies (the contract, icons, what the
              // sign-in page also runs) stay where the automatic splitting puts them.
              includeDependenciesRecursively: false,
            },
          ],
        },
      },
    },
  },
});
