/**
 * Maps an app URL to a file of the built renderer. Only files under the renderer folder are
 * served: the path is decoded once, refused if it holds `..`, backslashes or NUL, and the
 * real path (links resolved) must still be inside the folder.
 */
import { realpath, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { isWithin } from '../../simulator/node/contained-path.js';
import { APP_HOST, APP_SCHEME } from './app-origin.js';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
};

export interface Asset {
  file: string;
  contentType: string;
}

/** The file to serve for `url`, or null (answered with 404) for anything else. */
export async function resolveAsset(rendererRoot: string, url: string): Promise<Asset | null> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== `${APP_SCHEME}:` || parsed.host !== APP_HOST) return null;
  let path: string;
  try {
    path = decodeURIComponent(parsed.pathname);
  } catch {
    return null;
  }
  if (path === '/' || path === '') path = '/index.html';
  if (path.includes('\0') || path.includes('\\')) return null;
  const segments = path.split('/').filter((s) => s !== '');
  if (segments.some((s) => s === '..' || s === '.')) return null;
  const contentType = CONTENT_TYPES[extname(path).toLowerCase()];
  if (contentType === undefined) return null;
  try {
    const root = await realpath(rendererRoot);
    const file = await realpath(join(root, ...segments));
    if (!isWithin(root, file) || !(await stat(file)).isFile()) return null;
    return { file, contentType };
  } catch {
    return null;
  }
}
