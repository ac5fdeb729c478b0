import { createWriteStream, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ZipFile } from 'yazl';

// A fixed time for every entry: the same sources give the same zip, whoever packages them.
const ENTRY_TIME = new Date('2000-01-01T00:00:00Z');

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => (entry.isDirectory() ? filesUnder(join(dir, entry.name)) : [join(dir, entry.name)]))
    .sort();
}

/** Zips the folder's files at the archive's root (zip deploy extracts it as the app root); resolves to the zip's size. */
export async function zipFolder(dir: string, zipFile: string): Promise<number> {
  const zip = new ZipFile();
  for (const file of filesUnder(dir)) zip.addFile(file, relative(dir, file).split('\\').join('/'), { mtime: ENTRY_TIME, mode: 0o100644 });
  zip.end();
  await new Promise<void>((done, fail) => {
    const out = createWriteStream(zipFile);
    out.on('close', () => done()).on('error', fail);
    zip.outputStream.on('error', fail).pipe(out);
  });
  return statSync(zipFile).size;
}
