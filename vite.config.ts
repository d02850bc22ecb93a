import { defineConfig } from 'vite';

// The page is rooted at the top-level index.html. `base: './'` makes every asset URL relative, so
// dist-web/ works from any static file server and from any sub-path. Workers are ES modules.
export default defineConfig({
  root: '.',
  base: './',
  publicDir: false,
  build: {
    outDir: 'dist-web',
    emptyOutDir: true,
    target: 'es2022',
    // Plotly (≈4.6 MB minified) is loaded lazily in its own chunk; do not warn about it.
    chunkSizeWarningLimit: 5000,
  },
  worker: { format: 'es' },
  server: { host: '127.0.0.1' },
  preview: { host: '127.0.0.1' },
});
