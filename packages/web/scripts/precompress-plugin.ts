import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import type { Plugin } from 'vite';

/** Text files a browser fetches from the app; source maps are left alone (only devtools read them). */
export const COMPRESSIBLE = /\.(?:js|mjs|css|html|svg|webmanifest|json|txt|xml)$/;

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

export interface PrecompressTotals {
  readonly files: number;
  readonly original: number;
  readonly brotli: number;
  readonly gzip: number;
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name));
}

/**
 * Writes `name.br` (brotli, quality 11) and `name.gz` (gzip, level 9) beside every compressible
 * file in `dir`, each only when it is smaller than the original. The server picks one by the
 * request's Accept-Encoding and falls back to the original file.
 */
export async function precompressDirectory(dir: string): Promise<PrecompressTotals> {
  const files = (await filesUnder(dir)).filter((file) => COMPRESSIBLE.test(file));
  const sizes = await Promise.all(
    files.map(async (file) => {
      const original = await readFile(file);
      const [br, gz] = await Promise.all([
        brotli(original, {
          params: {
            [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
            [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
            [constants.BROTLI_PARAM_SIZE_HINT]: original.length,
          },
        }),
        gzipAsync(original, { level: constants.Z_BEST_COMPRESSION }),
      ]);
      if (br.length < original.length) await writeFile(`${file}.br`, br);
      if (gz.length < original.length) await writeFile(`${file}.gz`, gz);
      return {
        original: original.length,
        brotli: Math.min(br.length, original.length),
        gzip: Math.min(gz.length, original.length),
      };
    }),
  );
  return sizes.reduce<PrecompressTotals>(
    (sum, size) => ({
      files: sum.files + 1,
      original: sum.original + size.original,
      brotli: sum.brotli + size.brotli,
      gzip: sum.gzip + size.gzip,
    }),
    { files: 0, original: 0, brotli: 0, gzip: 0 },
  );
}

const kb = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KB`;

/**
 * Precompresses the build output once everything is written, the service worker included:
 * vite-plugin-pwa writes sw.js in its own sequential closeBundle hook, which this one follows.
 */
export function precompress(): Plugin {
  let outDir = '';
  let log: (message: string) => void = () => undefined;
  return {
    name: 'ttm:precompress',
    apply: 'build',
    enforce: 'post',
    configResolved(config) {
      outDir = resolve(config.root, config.build.outDir);
      log = (message) => {
        config.logger.info(message);
      };
    },
    closeBundle: {
      order: 'post',
      sequential: true,
      async handler(error?: Error) {
        if (error) return;
        const totals = await precompressDirectory(outDir);
        log(
          `precompressed ${String(totals.files)} files: ${kb(totals.original)} -> brotli ${kb(totals.brotli)}, gzip ${kb(totals.gzip)}`,
        );
      },
    },
  };
}
