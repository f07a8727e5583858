// Compiles apps/, libs/ and tools/ to dist/ with SWC, one file at a time, keeping the tree shape.
// SWC rewrites the @azora/* path aliases to relative ESM imports, so dist/ runs on plain Node.
import { transformFile } from '@swc/core';
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const outDir = join(root, 'dist');
const isSource = (f) => f.endsWith('.ts') && !f.endsWith('.d.ts') && !/\.(spec|test)\.ts$/.test(f);

async function* walk(dir) {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(path);
    else if (isSource(entry.name)) yield path;
  }
}

async function compile(file) {
  const target = join(outDir, relative(root, file)).replace(/\.ts$/, '.js');
  const { code, map } = await transformFile(file, { swcrc: true, cwd: root, outputPath: target, sourceMaps: true });
  await mkdir(dirname(target), { recursive: true });
  await writeFile(target, `${code}\n//# sourceMappingURL=${target.split('/').pop()}.map\n`);
  if (map) await writeFile(`${target}.map`, map);
}

await rm(outDir, { recursive: true, force: true });
const files = [];
for (const top of ['apps', 'libs', 'tools']) for await (const f of walk(join(root, top))) files.push(f);
await Promise.all(files.map(compile));
console.log(`built ${files.length} files into dist/`);
