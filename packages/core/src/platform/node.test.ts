import { mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { platform as selected } from '#platform';
import { platform, nodeFileSystem as files } from './node.js';
import { PathOutsideFolderError } from './platform.js';

let root = '';
let folder = '';
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'keras-ts-platform-'));
  folder = join(root, 'model');
  await mkdir(folder);
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('#platform in Node', () => {
  it('resolves to the Node implementation through the package.json imports condition', () => {
    expect(selected).toBe(platform);
    expect(selected.name).toBe('node');
    expect(selected.progressStream()).toBe(process.stdout);
  });

  it('yields to the event loop after pending immediates', async () => {
    const order: string[] = [];
    setImmediate(() => order.push('immediate'));
    await platform.yieldToEventLoop();
    order.push('after');
    expect(order).toEqual(['immediate', 'after']);
  });
});

describe('node file system', () => {
  it('writes a set of files atomically and leaves no temporary files', async () => {
    const a = join(folder, 'nested', 'a.bin');
    const b = join(folder, 'nested', 'b.json');
    await files.writeAtomically([
      { path: a, data: new Uint8Array([1, 2, 3]) },
      { path: b, data: '{"x":1}' },
    ]);
    await files.writeAtomically([
      { path: a, data: new Uint8Array([4]) },
      { path: b, data: '{"x":2}' },
    ]);
    expect((await readdir(join(folder, 'nested'))).sort()).toEqual(['a.bin', 'b.json']);
    expect(Array.from(await readFile(a))).toEqual([4]);
    expect(await files.readText(b)).toBe('{"x":2}');
  });

  it('removes its temporary files when a write fails', async () => {
    await mkdir(join(folder, 'taken.json'));
    // Renaming a file onto a directory fails after both temporary files were written.
    await expect(
      files.writeAtomically([
        { path: join(folder, 'w.bin'), data: new Uint8Array(4) },
        { path: join(folder, 'taken.json'), data: '{}' },
      ]),
    ).rejects.toThrow();
    expect((await readdir(folder)).filter((name) => name.includes('.tmp-'))).toEqual([]);
  });

  it("commits a save: payload, then the manifest, then obsolete files and dead processes' temporaries go", async () => {
    const dead = 'model.json.tmp-4194305-0badf00d'; // above Linux's highest pid: no such process
    const live = `weights-0123456789abcdef.bin.tmp-${process.ppid}-cafebabe`;
    for (const name of ['old.bin', dead, live, 'notes.tmp', 'notes.tmp-1-x']) await writeFile(join(folder, name), 'x');
    await files.commitSave({
      payload: [{ path: join(folder, 'w-1.bin'), data: new Uint8Array([1, 2]) }],
      commit: { path: join(folder, 'model.json'), data: '{"w":"w-1.bin"}' },
      obsolete: [join(folder, 'old.bin')],
    });
    expect((await readdir(folder)).sort()).toEqual([live, 'model.json', 'notes.tmp', 'notes.tmp-1-x', 'w-1.bin'].sort());
    expect(await files.readText(join(folder, 'model.json'))).toBe('{"w":"w-1.bin"}');
    expect(await files.list(join(folder, 'missing'))).toEqual([]);
    expect(files.digest(new Uint8Array(0))).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });

  it('stats, appends, removes', async () => {
    const path = join(folder, 'log.csv');
    expect(await files.stat(path)).toBeUndefined();
    await files.writeText(path, 'a');
    await files.appendText(path, 'b');
    expect(await files.stat(path)).toEqual({ isFile: true, isDirectory: false, size: 2 });
    expect((await files.stat(folder))?.isDirectory).toBe(true);
    await files.remove(folder);
    await files.remove(folder);
    expect(await files.stat(folder)).toBeUndefined();
  });
});

describe('openInside (weights paths listed in a model file)', () => {
  const source = "'model/model.json'";
  const secret = new Uint8Array(16).fill(7);

  it('opens files inside the folder (also through a symlink that stays inside) and reports their size before reading', async () => {
    await mkdir(join(folder, 'shards'));
    await writeFile(join(folder, 'shards', 'w.bin'), secret);
    await symlink(join(folder, 'shards', 'w.bin'), join(folder, 'link.bin'));
    for (const listed of ['shards/w.bin', './shards/w.bin', 'link.bin']) {
      const file = await files.openInside(folder, listed, source);
      expect(file.size).toBe(16);
      expect(Array.from(await file.read())).toEqual(Array.from(secret));
      await file.close();
    }
  });

  it('refuses `..`, absolute paths, /dev/zero and symlinks out with one message that says nothing about the target', async () => {
    await writeFile(join(root, 'secret.bin'), secret);
    await symlink(join(root, 'secret.bin'), join(folder, 'out.bin'));
    await symlink(join(root, 'missing.bin'), join(folder, 'dangling.bin'));
    await symlink('/dev/zero', join(folder, 'zero.bin'));
    await symlink(root, join(folder, 'up'));
    const cases = [
      '../secret.bin',
      'shards/../../secret.bin',
      join(root, 'secret.bin'),
      '/dev/zero',
      'out.bin',
      'dangling.bin',
      'zero.bin',
      'up/secret.bin',
      'up/missing.bin',
    ];
    for (const listed of cases) {
      const error = await files.openInside(folder, listed, source).then(
        () => undefined,
        (caught: unknown) => caught,
      );
      expect(error, listed).toBeInstanceOf(PathOutsideFolderError);
      const message = (error as Error).message;
      expect(message).toBe(
        `The weights path '${listed}' listed in ${source} leaves the model's folder; weight files must sit inside the folder of the model's JSON file. The file was not read.`,
      );
      // Nothing but the listed text: not the resolved target, its size or whether it exists.
      expect(message.replace(listed, '')).not.toContain(root);
    }
  });

  it('refuses what is not a regular file, and names a missing one', async () => {
    await mkdir(join(folder, 'dir.bin'));
    await expect(files.openInside(folder, 'dir.bin', source)).rejects.toThrow(/'dir\.bin' listed in 'model\/model\.json' is not a regular file/);
    await expect(files.openInside(folder, 'none.bin', source)).rejects.toThrow(/'none\.bin' listed in .* does not exist/);
  });
});
