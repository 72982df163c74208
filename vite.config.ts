/// <reference types="vitest/config" />
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';

/**
 * index.html carries a strict Content-Security-Policy (no inline script, no eval), which the built app obeys.
 * The dev server needs inline code (React Refresh preamble, CSS injected as <style>), so only `vite` (serve)
 * relaxes the policy; `vite build` and `vite preview` ship it unchanged.
 */
function devCsp(): Plugin {
  return {
    name: 'bootstorm-dev-csp',
    apply: 'serve',
    transformIndexHtml: (html) =>
      html
        .replace("script-src 'self'", "script-src 'self' 'unsafe-inline'")
        .replace("style-src 'self'", "style-src 'self' 'unsafe-inline'"),
  };
}

export default defineConfig({
  plugins: [react(), devCsp()],
  worker: { format: 'es' },
  build: {
    // The libraries in chunks of their own, each under the 500 kB warning: a release that changes only the app's
    // code leaves them cached in the browser.
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            { name: 'react', test: /[\\/]node_modules[\\/](react|react-dom|scheduler)[\\/]/ },
            { name: 'zod', test: /[\\/]node_modules[\\/]zod[\\/]/ },
            { name: 'recharts', test: /[\\/]node_modules[\\/]recharts[\\/]/ },
            { name: 'vendor', test: /[\\/]node_modules[\\/]/ },
          ],
        },
      },
    },
  },
  server: { port: 5173, strictPort: false },
  preview: { port: 4173 },
  test: {
    include: ['tests/**/*.test.ts', 'tests/**/*.test.tsx'],
    environment: 'node',
    testTimeout: 60_000,
  },
});
