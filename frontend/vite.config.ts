import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
    chunkSizeWarningLimit: 900,
    rollupOptions: {
      output: {
        // three.js and CodeMirror change rarely; separate chunks cache apart from the app.
        manualChunks: (id) => (id.includes('node_modules/three/') ? 'three' : /node_modules\/(@codemirror|@lezer|@uiw)\//.test(id) ? 'codemirror' : undefined),
      },
      onwarn(warning, warn) {
        // Libraries' "use client" directives mean nothing in a client-only build.
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE' || /sourcemap for reporting an error/.test(warning.message)) return;
        warn(warning);
      },
    },
  },
  esbuild: { jsx: 'automatic' },
  logLevel: 'warn',
});
