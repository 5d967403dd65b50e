// Renders build/icons/icon.svg into the app icons electron-builder packages (docs/architecture.md):
// PNGs from 16 to 1024 px (Linux uses the folder of NxN.png), icon.ico (Windows) and
// icon.icns (macOS). Both containers hold PNG data, which every supported OS version reads.
// Uses Debian's Chromium through playwright-core: `node scripts/generate-icons.mjs`.
import { readFileSync, writeFileSync } from 'node:fs';
import { chromium } from 'playwright-core';

const DIR = new URL('../build/icons/', import.meta.url);
const SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024];
const svg = readFileSync(new URL('icon.svg', DIR), 'utf8');

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--headless'],
});
const png = new Map();
try {
  const page = await browser.newPage();
  for (const size of SIZES) {
    await page.setViewportSize({ width: size, height: size });
    await page.setContent(
      `<html><body style="margin:0;background:transparent">${svg.replace('<svg ', `<svg width="${size}" height="${size}" `)}</body></html>`,
    );
    png.set(size, await page.screenshot({ omitBackground: true, type: 'png' }));
  }
} finally {
  await browser.close();
}

for (const size of SIZES) writeFileSync(new URL(`${size}x${size}.png`, DIR), png.get(size));

/** ICO: a directory of PNG images (Windows Vista and later read PNG entries). */
function ico(sizes) {
  const header = Buffer.alloc(6);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2);
  header.writeUInt16LE(sizes.length, 4);
  const entries = [];
  const images = [];
  let offset = 6 + 16 * sizes.length;
  for (const size of sizes) {
    const data = png.get(size);
    const entry = Buffer.alloc(16);
    entry.writeUInt8(size >= 256 ? 0 : size, 0); // 0 means 256
    entry.writeUInt8(size >= 256 ? 0 : size, 1);
    entry.writeUInt16LE(1, 4); // colour planes
    entry.writeUInt16LE(32, 6); // bits per pixel
    entry.writeUInt32LE(data.length, 8);
    entry.writeUInt32LE(offset, 12);
    offset += data.length;
    entries.push(entry);
    images.push(data);
  }
  return Buffer.concat([header, ...entries, ...images]);
}

/** ICNS: typed chunks; these types hold PNG data (16 px to 1024 px for Retina 512). */
function icns() {
  const types = [
    ['icp4', 16],
    ['icp5', 32],
    ['icp6', 64],
    ['ic07', 128],
    ['ic08', 256],
    ['ic09', 512],
    ['ic10', 1024],
  ];
  const chunks = types.map(([type, size]) => {
    const data = png.get(size);
    const head = Buffer.alloc(8);
    head.write(type, 0, 'ascii');
    head.writeUInt32BE(data.length + 8, 4);
    return Buffer.concat([head, data]);
  });
  const body = Buffer.concat(chunks);
  const head = Buffer.alloc(8);
  head.write('icns', 0, 'ascii');
  head.writeUInt32BE(body.length + 8, 4);
  return Buffer.concat([head, body]);
}

writeFileSync(new URL('icon.ico', DIR), ico([16, 24, 32, 48, 64, 128, 256]));
writeFileSync(new URL('icon.icns', DIR), icns());
console.log(`icons written to ${DIR.pathname}`);
