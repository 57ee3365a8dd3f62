import { defineConfig } from 'vite';

// The UI is served by `fiado serve --web-dir web/dist`. During development, `npm run dev`
// proxies the API to a `fiado serve` on 127.0.0.1:8080.
export default defineConfig({
  esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2020' },
  server: { proxy: { '/api': 'http://127.0.0.1:8080' } },
});
