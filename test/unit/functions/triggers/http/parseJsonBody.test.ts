import { HttpRequest } from '@azure/functions';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { formatIssuePath, parseJsonBody } from '../../../../../functions/triggers/http/parseJsonBody';

const schema = z.strictObject({ name: z.string().min(1), items: z.array(z.strictObject({ size: z.number().int() })).optional() });
const request = (body: string | undefined) =>
  new HttpRequest({ method: 'POST', url: 'http://127.0.0.1/api/x', ...(body === undefined ? {} : { body: { string: body } }) });

describe('parseJsonBody', () => {
  it.each([
    ['valid', '{"name":"a","items":[{"size":1}]}', { ok: true }],
    ['malformed', '{"name":', { ok: false, message: 'request body is not valid JSON', details: [{ path: '(body)' }] }],
    ['missing field', '{}', { ok: false, message: 'request body failed validation', details: [{ path: 'name' }] }],
    ['nested error', '{"name":"a","items":[{"size":1},{"size":1.5}]}', { ok: false, details: [{ path: 'items[1].size' }] }],
    ['unknown key', '{"name":"a","extra":1}', { ok: false, details: [{ path: '(body)' }] }],
    ['not an object', '[1,2]', { ok: false, details: [{ path: '(body)' }] }],
    ['empty body counts as {}', undefined, { ok: false, details: [{ path: 'name' }] }],
  ])('%s', async (_case, body, expected) => {
    expect(await parseJsonBody(request(body), schema)).toMatchObject(expected);
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
