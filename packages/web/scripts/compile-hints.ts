import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Plugin } from 'vite';

/**
 * V8's explicit compile hint (Chrome 136+): every function of a file that starts with it is
 * compiled while the file streams in, on a background thread, instead of on the main thread the
 * first time each function is called. Other engines read a comment.
 */
export const COMPILE_HINT = '//# allFunctionsCalledOnLoad';

interface WrittenChunk {
  readonly type: 'chunk';
  readonly name: string;
  readonly fileName: string;
  readonly sourcemapFileName?: string | null;
}

interface WrittenAsset {
  readonly type: 'asset';
}

/**
 * Puts the compile hint on the first line of each chunk whose name `startup` matches, and moves
 * its source map down one line to match. Done to the written files, in `writeBundle`: Vite puts
 * its preload map (`const __vite__mapDeps=…`) on top of the entry chunk after every plugin's
 * `generateBundle`, and the hint only counts at the very top of a file. The service worker's
 * precache list and the precompressed copies are made later, in `closeBundle`, from these files.
 */
export async function addCompileHints(
  dir: string,
  bundle: Readonly<Record<string, WrittenChunk | WrittenAsset>>,
  startup: RegExp,
): Promise<string[]> {
  const hinted: string[] = [];
  for (const chunk of Object.values(bundle)) {
    if (chunk.type !== 'chunk' || !startup.test(chunk.name)) continue;
    const file = join(dir, chunk.fileName);
    const code = await readFile(file, 'utf8');
    if (code.startsWith(COMPILE_HINT)) continue;
    await writeFile(file, `${COMPILE_HINT}\n${code}`);
    if (chunk.sourcemapFileName) {
      const mapFile = join(dir, chunk.sourcemapFileName);
      const map = JSON.parse(await readFile(mapFile, 'utf8')) as { mappings: string };
      map.mappings = `;${map.mappings}`;
      await writeFile(mapFile, JSON.stringify(map));
    }
    hinted.push(chunk.fileName);
  }
  return hinted;
}

/**
 * Eager compilation for the code every start runs (React, Dexie, zod and the contract, the app
 * shell), not for the lazy screens: compiling a function nobody calls is work for nothing.
 */
export function compileHints(startup: RegExp): Plugin {
  return {
    name: 'ttm:compile-hints',
    apply: 'build',
    async writeBundle(output, bundle) {
      if (!output.dir) throw new Error('compile hints need build.outDir');
      await addCompileHints(output.dir, bundle, startup);
    },
  };
}
