import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
    // mujoco-js is one ~11 MB emscripten file with its WASM embedded; it is imported dynamically
    // (its own chunk, fetched after the first paint), so its size is expected.
    chunkSizeWarningLimit: 12_000,
    rollupOptions: {
      output: {
        manualChunks: (id) => (id.includes('node_modules/three/') ? 'three' : undefined),
      },
      onwarn(warning, warn) {
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE' || /sourcemap for reporting an error/.test(warning.message)) return;
        // The emscripten module's Node-only branches (`import("module")`, `new URL(..., import.meta.url)`) are never taken in a browser.
        if (warning.id?.includes('node_modules/mujoco-js/')) return;
        warn(warning);
      },
    },
  },
  // Pre-bundling an 11 MB file on every dev start is slow and buys nothing.
  optimizeDeps: { exclude: ['mujoco-js'] },
  esbuild: { jsx: 'automatic' },
  logLevel: 'warn',
});
