import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromTypedData } from '../../src/host/fromTypedData';
import { parseHostJson } from '../../src/host/hostJson';
import { flattenQuery, toRpcHttpRequest } from '../../src/host/toRpcHttpRequest';
import { toSetCookie } from '../../src/host/writeRpcHttpResponse';
import type { RpcHttpCookie } from '../../src/host/coreApiTypes';

describe('fromTypedData ($return → JS value)', () => {
  it.each([
    [{ json: '{"a":[1,2]}' }, { a: [1, 2] }],
    [{ json: 'null' }, null],
    [{ string: '{"not":"parsed"}' }, '{"not":"parsed"}'],
    [{ string: '' }, ''],
    [{ int: 42 }, 42],
    [{ double: 0.5 }, 0.5],
    [{ bytes: new Uint8Array([1, 2]) }, Buffer.from([1, 2])],
    [{ http: { statusCode: '200' } }, { http: { statusCode: '200' } }],
    [{}, undefined],
    [undefined, undefined],
    [null, null],
  ])('%j → %j', (data, expected) => {
    expect(fromTypedData(data)).toEqual(expected);
  });

  it('json round-trips any JSON value; strings stay strings; bytes stay bytes', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(fromTypedData({ json: JSON.stringify(value) })).toEqual(JSON.parse(JSON.stringify(value)));
      }),
    );
    fc.assert(fc.property(fc.string(), (text) => fromTypedData({ string: text }) === text));
    fc.assert(
      fc.property(fc.uint8Array(), (bytes) => {
        expect(fromTypedData({ bytes })).toEqual(Buffer.from(bytes));
      }),
    );
  });
});

describe('toRpcHttpRequest', () => {
  const request = (url: string, body = Buffer.alloc(0)) => ({
    method: 'post',
    url: new URL(url),
    headers: { 'x-many': ['a', 'b'], host: '127.0.0.1' },
    body,
  });

  it('carries method, url, flattened headers and query, params and the body as bytes and text', () => {
    expect(toRpcHttpRequest(request('http://127.0.0.1:7071/api/x?a=1&a=2&b=', Buffer.from('hé')), { id: '7' })).toEqual({
      method: 'POST',
      url: 'http://127.0.0.1:7071/api/x?a=1&a=2&b=',
      headers: { 'x-many': 'a, b', host: '127.0.0.1' },
      query: { a: '1,2', b: '' },
      params: { id: '7' },
      body: { bytes: new Uint8Array(Buffer.from('hé')) },
      rawBody: { string: 'hé' },
    });
  });

  it('sends no body for an empty one', () => {
    expect(toRpcHttpRequest(request('http://h/api/x'), {}).body).toBeUndefined();
  });

  it('keeps every query key, whatever its name', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string({ minLength: 1 }), fc.string()), (query) => {
        expect(flattenQuery(new URLSearchParams(query))).toEqual(query);
      }),
    );
  });

  it('keeps body bytes exactly', () => {
    fc.assert(fc.property(fc.uint8Array({ minLength: 1 }), (bytes) => {
      expect(toRpcHttpRequest(request('http://h/'), {}).body).toBeUndefined();
      expect(toRpcHttpRequest(request('http://h/', Buffer.from(bytes)), {}).body?.bytes).toEqual(bytes);
    }));
  });
});

describe('toSetCookie', () => {
  const cookie = (overrides: Partial<RpcHttpCookie> = {}): RpcHttpCookie => ({ name: 'a', value: 'b', ...overrides });
  it.each([
    [cookie(), 'a=b'],
    [cookie({ path: { value: '/' }, domain: { value: 'example.org' } }), 'a=b; Domain=example.org; Path=/'],
    [cookie({ expires: { value: { seconds: 1767225600 } } }), 'a=b; Expires=Thu, 01 Jan 2026 00:00:00 GMT'],
    [cookie({ maxAge: { value: 60.9 }, secure: { value: true }, httpOnly: { value: false } }), 'a=b; Max-Age=60; Secure'],
    [cookie({ sameSite: 'lax' }), 'a=b; SameSite=Lax'],
    [cookie({ sameSite: 'explicitNone' }), 'a=b; SameSite=None'],
    [cookie({ sameSite: 'none' }), 'a=b'],
  ])('%j → %s', (input, expected) => {
    expect(toSetCookie(input)).toBe(expected);
  });
});

describe('parseHostJson', () => {
  it.each([
    ['{}', { routePrefix: 'api', hubName: undefined }],
    ['{"extensions":{"http":{"routePrefix":""}}}', { routePrefix: '', hubName: undefined }],
    ['{"extensions":{"http":{"routePrefix":"/v1/"},"durableTask":{"hubName":"%HUB%"}}}', { routePrefix: 'v1', hubName: '%HUB%' }],
  ])('%s → %j', (text, expected) => {
    expect(parseHostJson(text, 'host.json')).toEqual(expected);
  });

  it.each([
    ['{', 'host.json: not valid JSON'],
    ['{"extensions":{"http":{"routePrefix":1}}}', 'host.json: extensions.http.routePrefix must be a string'],
    ['{"extensions":{"durableTask":{"hubName":true}}}', 'host.json: extensions.durableTask.hubName must be a string'],
  ])('%s is refused: %s', (text, message) => {
    expect(() => parseHostJson(text, 'host.json')).toThrow(message);
  });
});
