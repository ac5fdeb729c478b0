import { describe, expect, it } from 'vitest';
import { contentTypeOf, uiAssetMap } from '../../../../../functions/triggers/ui/uiAssets';

describe('the status page files that are served', () => {
  it.each([
    ['index.html', 'text/html; charset=utf-8'],
    ['main.js', 'text/javascript; charset=utf-8'],
    ['STYLE.CSS', 'text/css; charset=utf-8'],
    ['icon.svg', 'image/svg+xml'],
    ['shot.png', 'image/png'],
    ['main.js.map', undefined],
    ['tsconfig.json', undefined],
    ['README', undefined],
    ['.env', undefined],
  ])('%s → %s', (name, type) => {
    expect(contentTypeOf(name)).toBe(type);
  });

  it('keeps only servable kinds, and a file\'s ETag changes with its bytes', () => {
    const files = [
      { name: 'index.html', body: Buffer.from('<p>a</p>') },
      { name: 'main.js.map', body: Buffer.from('{}') },
      { name: 'style.css', body: Buffer.from('p{}') },
    ];
    const assets = uiAssetMap(files);
    expect([...assets.keys()].sort()).toEqual(['index.html', 'style.css']);
    const changed = uiAssetMap([{ name: 'index.html', body: Buffer.from('<p>b</p>') }]);
    expect(changed.get('index.html')?.etag).not.toBe(assets.get('index.html')?.etag);
    expect(assets.get('index.html')?.etag).toMatch(/^"[A-Za-z0-9_-]{22}"$/);
  });
});
