import { HttpRequest } from '@azure/functions';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { firstDuplicateKey } from '../../../../../functions/triggers/http/duplicateJsonKey';
import { formatIssuePath, parseJsonBody } from '../../../../../functions/triggers/http/parseJsonBody';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type PathPart = string | number;

/** Full code units (lone surrogates, quotes, backslashes, control characters), where escaping bugs hide. */
const anyJson = fc.jsonValue({ stringUnit: 'binary', maxDepth: 5 }) as fc.Arbitrary<Json>;
const anObject = fc.dictionary(fc.string({ unit: 'binary' }), anyJson, { minKeys: 1, maxKeys: 6 });

const isObject = (value: Json): value is { [key: string]: Json } => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Every object with at least one key, with its path from the root. */
function objectsIn(value: Json, path: PathPart[] = []): { path: PathPart[]; keys: string[] }[] {
  if (Array.isArray(value)) return value.flatMap((item, index) => objectsIn(item, [...path, index]));
  if (!isObject(value)) return [];
  const keys = Object.keys(value);
  const here = keys.length > 0 ? [{ path, keys }] : [];
  return [...here, ...keys.flatMap((key) => objectsIn(value[key] ?? null, [...path, key]))];
}

/** `"\u0061"` for `"a"`: the same key to a JSON parser, different text. */
const escapedKey = (key: string) => `"${[...Array(key.length).keys()].map((i) => `\\u${key.charCodeAt(i).toString(16).padStart(4, '0')}`).join('')}"`;

/** JSON.stringify, except that the object at `target` gets one more entry repeating `key` (spelled `spelling`). */
function withDuplicate(value: Json, target: PathPart[], key: string, spelling: string, extra: Json, at: PathPart[] = []): string {
  if (Array.isArray(value)) return `[${value.map((item, index) => withDuplicate(item, target, key, spelling, extra, [...at, index])).join(',')}]`;
  if (!isObject(value)) return JSON.stringify(value);
  const entries = Object.keys(value).map((k) => `${JSON.stringify(k)}:${withDuplicate(value[k] ?? null, target, key, spelling, extra, [...at, k])}`);
  if (JSON.stringify(at) === JSON.stringify(target)) entries.push(`${spelling}:${JSON.stringify(extra)}`);
  return `{${entries.join(',')}}`;
}

const request = (body: string) => new HttpRequest({ method: 'POST', url: 'http://127.0.0.1/api/x', body: { string: body } });

describe('firstDuplicateKey', () => {
  it.each<[string, string, PathPart[] | null]>([
    ['the issue’s example', '{"reason":"a","reason":"b"}', ['reason']],
    ['no duplicate', '{"reason":"a","image":"b"}', null],
    ['an escaped spelling of the same key', '{"vmId":"a","\\u0076mId":"b"}', ['vmId']],
    ['nested in an array of objects', '{"items":[{"size":1},{"size":2,"size":3}]}', ['items', 1, 'size']],
    ['the same key in sibling objects is fine', '[{"a":1},{"a":2}]', null],
    ['the same key at different depths is fine', '{"a":{"a":{"a":1}}}', null],
    ['a key spelled like a value', '{"a":"b","b":"a"}', null],
    ['a colon and a comma inside strings', '{"a:b":",","a":1,"a:b":2}', ['a:b']],
    ['an escaped quote inside a key', '{"a\\"b":1,"a\\"b":2}', ['a"b']],
    ['a top-level scalar', '"x"', null],
    ['an empty object', '{ }', null],
    ['whitespace everywhere', ' { "a" : 1 ,\n "b" : { "c" : [ 1 , { "d" : 1 , "d" : 2 } ] } } ', ['b', 'c', 1, 'd']],
  ])('%s', (_case, text, expected) => {
    expect(() => JSON.parse(text) as unknown).not.toThrow();
    expect(firstDuplicateKey(text)).toEqual(expected);
  });

  it('needs no stack for deep nesting', () => {
    const depth = 100_000;
    expect(firstDuplicateKey(`${'['.repeat(depth)}{"a":1,"a":2}${']'.repeat(depth)}`)).toEqual([...Array<number>(depth).fill(0), 'a']);
  });

  it('finds nothing in whatever JSON.stringify writes, compact or indented', () => {
    fc.assert(
      fc.property(anyJson, (value) => {
        expect(firstDuplicateKey(JSON.stringify(value))).toBeNull();
        expect(firstDuplicateKey(JSON.stringify(value, null, 2))).toBeNull();
      }),
      { numRuns: 500 },
    );
  });

  it('finds a key repeated in any object, at any depth, however it is spelled, and names its path', () => {
    fc.assert(
      fc.property(anObject, fc.nat(), fc.nat(), fc.boolean(), anyJson, (root, whichObject, whichKey, escaped, extra) => {
        const objects = objectsIn(root);
        const target = objects[whichObject % objects.length];
        if (target === undefined) throw new Error('the root has a key');
        const key = target.keys[whichKey % target.keys.length] ?? '';
        const text = withDuplicate(root, target.path, key, escaped ? escapedKey(key) : JSON.stringify(key), extra);
        expect(firstDuplicateKey(text)).toEqual([...target.path, key]);
      }),
      { numRuns: 500 },
    );
  });
});

describe('parseJsonBody and repeated keys', () => {
  const anything = z.unknown();

  it('parses any JSON.stringify output of an object exactly as JSON.parse does', async () => {
    await fc.assert(
      fc.asyncProperty(anObject, async (value) => {
        const text = JSON.stringify(value);
        expect(await parseJsonBody(request(text), anything)).toEqual({ ok: true, value: JSON.parse(text) as unknown });
      }),
      { numRuns: 200 },
    );
  });

  it('refuses any object with an injected duplicate key: 400 details name its path', async () => {
    await fc.assert(
      fc.asyncProperty(anObject, fc.nat(), fc.nat(), anyJson, async (root, whichObject, whichKey, extra) => {
        const objects = objectsIn(root);
        const target = objects[whichObject % objects.length];
        if (target === undefined) throw new Error('the root has a key');
        const key = target.keys[whichKey % target.keys.length] ?? '';
        const text = withDuplicate(root, target.path, key, JSON.stringify(key), extra);
        if (Buffer.byteLength(text) > 64 * 1024) return;
        const result = await parseJsonBody(request(text), anything);
        expect(result).toMatchObject({ ok: false, details: [{ path: formatIssuePath([...target.path, key]).slice(0, 300) }] });
      }),
      { numRuns: 200 },
    );
  });

  it('names the key in the message', async () => {
    expect(await parseJsonBody(request('{"reason":"a","reason":"b"}'), z.strictObject({ reason: z.string() }))).toEqual({
      ok: false,
      message: 'request body repeats the key "reason" in one object',
      details: [{ path: 'reason', message: expect.stringContaining('duplicate key') }],
    });
  });
});
