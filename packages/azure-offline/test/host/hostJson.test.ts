import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { defaultHostJsonPath } from '../../src/host/hostJson';

const root = mkdtempSync(join(tmpdir(), 'host-json-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('default host.json', () => {
  it('sits next to the nearest package.json above the app entry, as at a function app\'s root', () => {
    const app = join(root, 'app');
    const workspace = join(app, 'packages', 'tool');
    mkdirSync(join(app, 'dist', 'functions'), { recursive: true });
    mkdirSync(join(workspace, 'dist'), { recursive: true });
    writeFileSync(join(app, 'package.json'), '{}');
    writeFileSync(join(workspace, 'package.json'), '{}');
    expect(defaultHostJsonPath(join(app, 'dist', 'functions', 'index.js'))).toBe(join(app, 'host.json'));
    expect(defaultHostJsonPath(join(workspace, 'dist', 'index.js'))).toBe(join(workspace, 'host.json'));
  });
});
