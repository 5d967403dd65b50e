/**
 * Builds the renderer (docs/architecture.md) for the browser mode and for Electron. Everything the app
 * needs is bundled: Monaco and its workers come from node_modules through Vite's `?worker`
 * imports, fonts are system fonts, so the built app never contacts a remote host.
 */
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { META_CONTENT_SECURITY_POLICY } from './main/security/content-security-policy.js';

/**
 * The app's Content-Security-Policy (main/security/content-security-policy.ts, shared with the
 * desktop shell's response headers) as a `<meta>` tag. Only in `build`: the dev server injects
 * an inline React-refresh preamble that this policy would (rightly) block.
 */
function contentSecurityPolicy(): Plugin {
  return {
    name: 'egress-studio-csp',
    apply: 'build',
    transformIndexHtml(html) {
      return html.replace(
        '<meta charset="UTF-8" />',
        `<meta charset="UTF-8" />\n    <meta http-equiv="Content-Security-Policy" content="${META_CONTENT_SECURITY_POLICY}" />`,
      );
    },
  };
}

export default defineConfig({
  // Relative asset URLs so the same build loads from file:// in Electron.
  base: './',
  plugins: [react(), contentSecurityPolicy()],
  worker: { format: 'es' },
  build: {
    outDir: 'dist/renderer',
    emptyOutDir: true,
    chunkSizeWarningLimit: 6000,
    sourcemap: false,
  },
  server: { host: '127.0.0.1', port: 5173, strictPort: true },
  preview: { host: '127.0.0.1', port: 5174, strictPort: true },
});
