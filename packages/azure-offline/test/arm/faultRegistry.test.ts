import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { FaultRegistry, parseFault } from '../../src/arm/faults';
import { isDeprovisionScript, matchingFailure } from '../../src/arm/runCommandRules';
import { TokenBucket } from '../../src/arm/throttling';

describe('fault registry', () => {
  it.each([
    ['GET', '/subscriptions/s/x/GALLERIES/g', 1],
    ['PUT', '/subscriptions/s/x/galleries/g', 0],
    ['GET', '/subscriptions/s/x/images/g', 0],
  ])('matches %s %s by method and case-insensitive substring (%i firing)', (method, path, fired) => {
    const registry = new FaultRegistry();
    registry.add(parseFault({ method: 'get', path: '/galleries/', status: 503 }));
    expect(registry.take(method, path)).toHaveLength(fired);
  });

  it('fires each fault exactly count times, then forgets it', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 20 }), fc.integer({ min: 0, max: 40 }), (count, requests) => {
      const registry = new FaultRegistry();
      registry.add(parseFault({ path: 'x', status: 500, count }));
      let fired = 0;
      for (let i = 0; i < requests; i++) fired += registry.take('GET', '/x').length;
      expect(fired).toBe(Math.min(count, requests));
      expect(registry.list()).toHaveLength(requests >= count ? 0 : 1);
    }));
  });

  it('fires with the given probability only when the draw is below it', () => {
    const registry = new FaultRegistry();
    registry.add(parseFault({ path: 'x', status: 500, probability: 0.5, count: 2 }));
    expect(registry.take('GET', '/x', () => 0.7)).toHaveLength(0);
    expect(registry.take('GET', '/x', () => 0.2)).toHaveLength(1);
  });
});

describe('run command rules', () => {
  it.each([
    ['sudo waagent -force -deprovision+user && shutdown -h now', true],
    ['WAAGENT -DEPROVISION', true],
    ['& $env:SystemRoot\\System32\\Sysprep\\Sysprep.exe /oobe /generalize /quiet /quit', true],
    ['waagent --version', false],
    ['apt-get install -y nginx', false],
  ])('%s deprovisions: %s', (script, expected) => {
    expect(isDeprovisionScript(script)).toBe(expected);
  });

  it('picks the first rule whose every given condition matches', () => {
    const rules = [
      { vmNamePrefix: 'iab', runCommandName: 'harden', exitCode: 1, output: 'a' },
      { scriptContains: 'CURL', exitCode: 2, output: 'b' },
    ];
    expect(matchingFailure(rules, { vmName: 'IAB123', runCommandName: 'HARDEN', script: '' })?.exitCode).toBe(1);
    expect(matchingFailure(rules, { vmName: 'vm', runCommandName: 'harden', script: 'curl x' })?.exitCode).toBe(2);
    expect(matchingFailure(rules, { vmName: 'vm', runCommandName: 'harden', script: 'wget' })).toBeUndefined();
  });
});

describe('token bucket', () => {
  it('allows the burst, then refills at the rate', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 300 }), fc.integer({ min: 1, max: 50 }), (capacity, rate) => {
      const bucket = new TokenBucket({ capacity, refillPerSecond: rate }, 0);
      for (let i = 0; i < capacity; i++) expect(bucket.take(0).ok).toBe(true);
      const refused = bucket.take(0);
      expect(refused.ok).toBe(false);
      if (!refused.ok) expect(refused.retryAfterSeconds).toBe(Math.max(1, Math.ceil(1 / rate)));
      expect(bucket.take(1000).ok).toBe(true);
    }));
  });
});
