/**
 * Renders the app icons (PNG) from one SVG drawing with the system's headless Chromium.
 * Run after changing the drawing: `npx tsx packages/web/scripts/render-icons.ts`.
 * The PNGs are committed (re-encoded losslessly to a third of Chromium's size); the build does not
 * need Chromium.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { recompressPng } from './png-recompress.js';

const BRAND = '#0f766e';
const publicDir = join(import.meta.dirname, '..', 'public');

/** The wallet mark; `inset` shrinks it into the maskable safe zone (the inner 80% circle). */
function drawing(inset: number, rounded: boolean): string {
  const scale = 1 - inset * 2;
  const offset = inset * 64;
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64">
  <defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="#14b8a6"/><stop offset="1" stop-color="${BRAND}"/></linearGradient></defs>
  <rect width="64" height="64" rx="${rounded ? 14 : 0}" fill="url(#g)"/>
  <g transform="translate(${offset} ${offset}) scale(${scale})">
    <rect x="12" y="19" width="40" height="29" rx="6" fill="none" stroke="#fff" stroke-width="4"/>
    <path d="M12 27h40" stroke="#fff" stroke-width="4"/>
    <path d="M18 19l22-7 3 7" fill="none" stroke="#fff" stroke-width="3.5" stroke-linejoin="round"/>
    <circle cx="43" cy="38" r="3.5" fill="#fff"/>
  </g>
</svg>`;
}

function render(svg: string, size: number, file: string): void {
  const dir = mkdtempSync(join(tmpdir(), 'ttm-icon-'));
  try {
    const html = join(dir, 'icon.html');
    writeFileSync(
      html,
      `<!doctype html><html><body style="margin:0;background:transparent"><div style="width:${String(size)}px;height:${String(size)}px">${svg.replace('<svg ', `<svg width="${String(size)}" height="${String(size)}" `)}</div></body></html>`,
    );
    execFileSync(
      '/usr/bin/chromium',
      [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--hide-scrollbars',
        '--default-background-color=00000000',
        `--window-size=${String(size)},${String(size)}`,
        `--screenshot=${file}`,
        `file://${html}`,
      ],
      { stdio: 'ignore' },
    );
    writeFileSync(file, recompressPng(readFileSync(file)));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

writeFileSync(join(publicDir, 'favicon.svg'), drawing(0, true));
render(drawing(0, true), 192, join(publicDir, 'icons', 'icon-192.png'));
render(drawing(0, true), 512, join(publicDir, 'icons', 'icon-512.png'));
render(drawing(0.12, false), 512, join(publicDir, 'icons', 'icon-maskable-512.png'));
render(drawing(0.06, false), 180, join(publicDir, 'icons', 'apple-touch-icon.png'));
console.log('icons written to', publicDir);
