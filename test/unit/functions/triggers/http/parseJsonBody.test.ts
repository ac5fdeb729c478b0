import { HttpRequest } from '@azure/functions';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { formatIssuePath, MAX_BODY_BYTES, parseJsonBody } from '../../../../../functions/triggers/http/parseJsonBody';

const schema = z.strictObject({ name: z.string().min(1), items: z.array(z.strictObject({ size: z.number().int() })).optional() });
const request = (body: string | undefined) =>
  new HttpRequest({ method: 'POST', url: 'http://127.0.0.1/api/x', ...(body === undefined ? {} : { body: { string: body } }) });

describe('parseJsonBody', () => {
  it.each([
    ['valid', '{"name":"a","items":[{"size":1}]}', { ok: true }],
    ['malformed', '{"name":', { ok: false, message: 'request body is not valid JSON', details: [{ path: '(body)' }] }],
    ['missing field', '{}', { ok: false, message: 'request body failed validation', details: [{ path: 'name' }] }],
    ['nested error', '{"name":"a","items":[{"size":1},{"size":1.5}]}', { ok: false, details: [{ path: 'items[1].size' }] }],
    ['unknown key', '{"name":"a","extra":1}', { ok: false, details: [{ path: 'extra', message: 'unknown field' }] }],
    ['not an object', '[1,2]', { ok: false, details: [{ path: '(body)' }] }],
    ['empty body counts as {}', undefined, { ok: false, details: [{ path: 'name' }] }],
  ])('%s', async (_case, body, expected) => {
    expect(await parseJsonBody(request(body), schema)).toMatchObject(expected);
  });

  it.each([
    ['exactly the limit', MAX_BODY_BYTES, true],
    ['one byte over', MAX_BODY_BYTES + 1, false],
    ['a megabyte', 1024 * 1024, false],
  ])('a body of %s (valid JSON padded with spaces) is %s', async (_case, bytes, accepted) => {
    const json = '{"name":"a"}';
    const result = await parseJsonBody(request(json + ' '.repeat(bytes - json.length)), schema);
    if (accepted) expect(result).toEqual({ ok: true, value: { name: 'a' } });
    else expect(result).toEqual({ ok: false, message: `request body is ${bytes} bytes; the limit is 65536 bytes (64 KiB)`, details: [{ path: '(body)', message: expect.stringContaining('65536') }] });
  });

  it('counts bytes, not characters', async () => {
    const name = 'é'.repeat(MAX_BODY_BYTES / 2);
    expect(await parseJsonBody(request(JSON.stringify({ name })), schema)).toMatchObject({ ok: false, details: [{ path: '(body)' }] });
  });

  it('refuses a declared Content-Length over the limit without reading the body', async () => {
    const declared = new HttpRequest({ method: 'POST', url: 'http://127.0.0.1/api/x', headers: { 'content-length': String(MAX_BODY_BYTES + 1) }, body: { string: '{"name":"a"}' } });
    expect(await parseJsonBody(declared, schema)).toMatchObject({ ok: false, message: expect.stringContaining(`${MAX_BODY_BYTES + 1} bytes`) });
  });

  it('refuses a body that is not UTF-8', async () => {
    const latin1 = new HttpRequest({ method: 'POST', url: 'http://127.0.0.1/api/x', body: { bytes: Uint8Array.from([0x7b, 0x22, 0x6e, 0x61, 0x6d, 0x65, 0x22, 0x3a, 0x22, 0xe9, 0x22, 0x7d]) } });
    expect(await parseJsonBody(latin1, schema)).toMatchObject({ ok: false, details: [{ path: '(body)' }] });
  });

  it('never throws, whatever the body', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.string(), fc.json()), async (body) => {
        const result = await parseJsonBody(request(body), schema);
        if (!result.ok) for (const d of result.details) expect(d.path.length).toBeGreaterThan(0);
      }),
      { numRuns: 200 },
    );
  });
});

describe('formatIssuePath', () => {
  it.each([
    [[], '(body)'],
    [['reason'], 'reason'],
    [['images', 2, 'targetRegions', 0, 'replicas'], 'images[2].targetRegions[0].replicas'],
    [[0, 'a'], '[0].a'],
  ])('%j → %s', (path, expected) => {
    expect(formatIssuePath(path)).toBe(expected);
  });

  it('keeps every key and index, in order', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.stringMatching(/^[a-z]{1,8}$/), fc.nat(99)), { minLength: 1, maxLength: 8 }), (path) => {
        const text = formatIssuePath(path);
        const parts = text.split(/\.|\[|\]/).filter((p) => p !== '');
        expect(parts).toEqual(path.map(String));
      }),
    );
  });
});
