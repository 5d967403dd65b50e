/**
 * electron-builder packaging (docs/architecture.md "Desktop"): AppImage and deb for Linux, dmg for
 * macOS, nsis for Windows. `npm run dist` builds the renderer and the Electron bundles
 * first; the app ships only those bundles (dist-electron/ has every dependency inlined),
 * never node_modules. Packaging needs the Electron distribution for the target platform:
 * the local binary (node_modules/electron/dist, used for the host platform) or
 * electron-builder's download, and its packaging tools, which it also downloads.
 */
import type { Configuration } from 'electron-builder';

const config: Configuration = {
  appId: 'dev.egress-studio.app',
  productName: 'Egress Studio',
  copyright: 'Copyright © Egress Studio',
  directories: { output: 'release', buildResources: 'build' },
  files: [
    'package.json',
    'dist-electron/**/*',
    '!dist-electron/**/*.map',
    'dist/renderer/**/*',
    'build/icons/512x512.png',
    // Everything the app runs is bundled into dist-electron/.
    '!node_modules/**/*',
  ],
  // No native modules: nothing to rebuild (and @electron/rebuild wants a newer Node).
  npmRebuild: false,
  asar: true,
  fileAssociations: [
    {
      ext: 'egress',
      name: 'Egress policy',
      description: 'Egress Studio policy',
      mimeType: 'text/x-egress-policy',
      role: 'Editor',
    },
  ],
  linux: {
    target: ['AppImage', 'deb'],
    category: 'Development',
    icon: 'build/icons',
    maintainer: 'Egress Studio',
    synopsis: 'Design, simulate and export outbound-only egress policies',
    mimeTypes: ['text/x-egress-policy'],
  },
  deb: { packageCategory: 'devel' },
  mac: {
    target: ['dmg'],
    category: 'public.app-category.developer-tools',
    icon: 'build/icons/icon.icns',
    hardenedRuntime: true,
  },
  dmg: { title: 'Egress Studio ${version}' },
  win: { target: ['nsis'], icon: 'build/icons/icon.ico' },
  nsis: { oneClick: false, perMachine: false, allowToChangeInstallationDirectory: true },
  publish: null,
};

export default config;
