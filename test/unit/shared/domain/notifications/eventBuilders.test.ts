import { describe, expect, it } from 'vitest';
import {
  buildCancelled,
  buildDegraded,
  buildFailed,
  buildFinished,
  buildStarted,
  buildSucceeded,
  captureCancelled,
  captureCompleted,
  captureDegraded,
  captureFinished,
  errorCode,
  imagePaused,
  imageResumed,
  MAX_ERROR_LENGTH,
  MAX_LISTED_FINDINGS,
  policyFindings,
  pruneApplied,
  pruneCancelled,
  buildValidationFailed,
  versionPromoted,
} from '../../../../../shared/domain/notifications/eventBuilders';
import { EVENT_TYPES } from '../../../../../shared/domain/notifications/eventTypes';
import type { NotificationDraft } from '../../../../../shared/domain/notifications/notificationDraft';
import { aFinding, aPruneReport, aReport, aRun, anOutput, gallery, GALLERY_ID } from './notificationBuilders';

const run = aRun();
const output = anOutput();

describe('event builders: type, subject, and the image/version/instance every event carries', () => {
  it.each<[string, NotificationDraft | null, string, string, string | null]>([
    ['build started', buildStarted({ ...run, version: '1.0.0', buildId: 'a1b2c3d4', trigger: 'http', baseImage: 'p:o:s:1.2.3' }), EVENT_TYPES.buildStarted, 'images/ubuntu-web/versions/1.0.0', '1.0.0'],
    ['build succeeded', buildSucceeded({ ...run, output }), EVENT_TYPES.buildSucceeded, 'images/ubuntu-web/versions/1.0.0', '1.0.0'],
    ['build failed after planning', buildFailed({ ...run, version: '1.0.0', buildId: 'a1b2c3d4', trigger: 'http', error: new Error('STEP_FAILED: x') }), EVENT_TYPES.buildFailed, 'images/ubuntu-web/versions/1.0.0', '1.0.0'],
    ['build failed before planning', buildFailed({ ...run, version: null, buildId: null, trigger: 'schedule', error: 'NAME_VIOLATION: y' }), EVENT_TYPES.buildFailed, 'images/ubuntu-web', null],
    ['version promoted', versionPromoted({ ...run, version: '1.0.0', regions: ['westeurope'] }), EVENT_TYPES.versionPromoted, 'images/ubuntu-web/versions/1.0.0', '1.0.0'],
    ['build degraded', buildDegraded({ ...run, output }), EVENT_TYPES.buildDegraded, 'images/ubuntu-web/versions/1.0.0', '1.0.0'],
    ['capture degraded', captureDegraded({ ...run, instanceId: 'capture-0123456789abcdef', vmId: '/subscriptions/s/vm', output }), EVENT_TYPES.captureDegraded, 'images/ubuntu-web/versions/1.0.0', '1.0.0'],
    ['capture completed', captureCompleted({ ...run, instanceId: 'capture-0123456789abcdef', vmId: '/subscriptions/s/vm', output }), EVENT_TYPES.captureCompleted, 'images/ubuntu-web/versions/1.0.0', '1.0.0'],
    ['build cancelled', buildCancelled({ ...run, version: '1.0.0', buildId: 'a1b2c3d4', trigger: 'http', error: new Error('CANCELLED: cancelled during step customize by alice') }), EVENT_TYPES.buildCancelled, 'images/ubuntu-web/versions/1.0.0', '1.0.0'],
    ['capture cancelled before planning', captureCancelled({ ...run, instanceId: 'capture-0123456789abcdef', vmId: '/subscriptions/s/vm', version: null, buildId: 'a1b2c3d4', trigger: 'http', error: new Error('CANCELLED: cancelled during step inspect') }), EVENT_TYPES.captureCancelled, 'images/ubuntu-web', null],
    ['prune cancelled', pruneCancelled({ ...run, instanceId: 'prune-ubuntu-web', trigger: 'http', error: new Error('CANCELLED: cancelled during step deleting') }), EVENT_TYPES.pruneCancelled, 'images/ubuntu-web', null],
    ['prune applied', pruneApplied({ ...run, instanceId: 'prune-ubuntu-web', report: aPruneReport() }), EVENT_TYPES.pruneApplied, 'images/ubuntu-web', null],
    ['build validation failed', buildValidationFailed({ ...run, version: '1.0.0', buildId: 'a1b2c3d4', trigger: 'http', failures: [{ region: 'westeurope', step: 'boots', message: 'ended Failed (exit code 1)' }] }), EVENT_TYPES.buildValidationFailed, 'images/ubuntu-web/versions/1.0.0', '1.0.0'],
    ['image paused', imagePaused({ ...run, consecutiveFailures: 3, pauseAfterFailures: 3, error: 'STEP_FAILED: x' }), EVENT_TYPES.imagePaused, 'images/ubuntu-web', null],
  ])('%s', (_name, draft, type, subject, version) => {
    expect(draft).not.toBeNull();
    expect(draft?.type).toBe(type);
    expect(draft?.source).toBe(GALLERY_ID);
    expect(draft?.subject).toBe(subject);
    expect(draft?.data).toMatchObject({ image: 'ubuntu-web', version });
    expect(draft?.data.instanceId).toMatch(/^(build|capture|prune)-/);
  });

  it('every type is distinct and shares the ImageAutopilot. prefix subscriptions filter on', () => {
    const types = Object.values(EVENT_TYPES);
    expect(new Set(types).size).toBe(types.length);
    for (const type of types) expect(type).toMatch(/^ImageAutopilot\.[A-Z][a-z]+\.[A-Z][A-Za-z]+$/);
  });

  it('build validation failed names every failed region with its step and a cut message', () => {
    const failures = Array.from({ length: 25 }, (_, i) => ({ region: `region${i}`, step: i === 0 ? null : 'boots', message: 'x'.repeat(2000) }));
    const listed = buildValidationFailed({ ...run, version: '1.0.0', buildId: 'a1b2c3d4', trigger: 'schedule', failures }).data.failures;
    expect(listed).toHaveLength(20);
    expect(Array.isArray(listed) ? listed[0] : undefined).toEqual({ region: 'region0', step: null, message: 'x'.repeat(500) });
  });

  it('build succeeded and capture completed carry what the run published', () => {
    const unpromoted = anOutput({ promoted: false, failedRegions: ['eastus'], regions: ['westeurope'] });
    expect(buildSucceeded({ ...run, output: unpromoted }).data).toMatchObject({ promoted: false, failedRegions: ['eastus'], regions: ['westeurope'], buildId: 'a1b2c3d4', durationSeconds: 1800 });
    expect(captureCompleted({ ...run, vmId: '/subscriptions/s/vm', output: unpromoted }).data).toMatchObject({ sourceVmId: '/subscriptions/s/vm', promoted: false });
  });

  it.each([
    ['Succeeded', EVENT_TYPES.buildSucceeded, EVENT_TYPES.captureCompleted],
    ['Degraded', EVENT_TYPES.buildDegraded, EVENT_TYPES.captureDegraded],
  ] as const)('a run whose output status is %s is announced as %s / %s, with the same data', (status, buildType, captureType) => {
    const finished = anOutput({ status, promoted: status === 'Succeeded', failedRegions: status === 'Succeeded' ? [] : ['eastus'] });
    const build = buildFinished({ ...run, output: finished });
    expect(build.type).toBe(buildType);
    expect(build.data).toEqual(buildSucceeded({ ...run, output: finished }).data);
    const capture = captureFinished({ ...run, vmId: '/subscriptions/s/vm', output: finished });
    expect(capture.type).toBe(captureType);
    expect(capture.data).toEqual(captureCompleted({ ...run, vmId: '/subscriptions/s/vm', output: finished }).data);
  });
});

describe('build failed', () => {
  it.each([
    [new Error('STEP_FAILED: customization step "harden" ended Failed'), 'STEP_FAILED'],
    ['OPERATION_FAILED: version 1.0.0 failed to provision', 'OPERATION_FAILED'],
    [new Error('something without a code'), null],
    [42, null],
  ])('reads the leading code of %s', (error, code) => {
    const data = buildFailed({ ...run, version: null, buildId: null, trigger: 'http', error }).data;
    expect(data.errorCode).toBe(code);
    expect(data.error).toBe(error instanceof Error ? error.message : String(error));
  });

  it('cuts a long error to its first characters', () => {
    const data = buildFailed({ ...run, version: null, buildId: null, trigger: 'http', error: new Error(`UNEXPECTED: ${'x'.repeat(5000)}`) }).data;
    expect(String(data.error)).toHaveLength(MAX_ERROR_LENGTH);
    expect(errorCode(String(data.error))).toBe('UNEXPECTED');
  });
});

describe('prune applied', () => {
  it.each([
    ['a dry run', aPruneReport({ dryRun: true })],
    ['a run with nothing to deprecate or delete', aPruneReport({ summary: { keep: 4, deprecate: 0, delete: 0 }, deprecated: [], deleted: [] })],
  ])('is not published for %s', (_name, report) => {
    expect(pruneApplied({ ...run, report })).toBeNull();
  });

  it('lists what was deprecated, deleted and failed, and what was planned', () => {
    const report = aPruneReport({ failed: [{ version: '1.0.2', action: 'delete', reason: `STILL_IN_USE: ${'y'.repeat(900)}` }], deleted: ['1.0.1'] });
    const data = pruneApplied({ ...run, report })?.data;
    expect(data).toMatchObject({ deprecated: ['1.0.3'], deleted: ['1.0.1'], planned: { keep: 3, deprecate: 1, delete: 2 }, trigger: 'schedule' });
    const failed = data?.failed as { reason: string }[];
    expect(failed[0]?.reason).toHaveLength(MAX_ERROR_LENGTH);
  });
});

describe('policy findings above a threshold', () => {
  const policyRun = { gallery, instanceId: 'policy-scan-20261125050000' };

  it.each([
    ['high', [aFinding('medium'), aFinding('low')], 0],
    ['high', [aFinding('high'), aFinding('medium')], 1],
    ['medium', [aFinding('high'), aFinding('medium'), aFinding('low')], 2],
    ['low', [aFinding('high'), aFinding('medium'), aFinding('low')], 3],
    ['low', [], 0],
  ] as const)('threshold %s over %j findings → %i listed', (threshold, findings, above) => {
    const draft = policyFindings({ ...policyRun, report: aReport([...findings]), threshold });
    if (above === 0) {
      expect(draft).toBeNull();
      return;
    }
    expect(draft?.type).toBe(EVENT_TYPES.policyFindings);
    expect(draft?.subject).toBe('policy/scans/policy-scan-20261125050000');
    expect(draft?.data).toMatchObject({ image: null, version: null, instanceId: policyRun.instanceId, threshold, aboveThreshold: above });
    expect((draft?.data.findings as unknown[]).length).toBe(above);
  });

  it('lists at most MAX_LISTED_FINDINGS and counts the rest', () => {
    const many = Array.from({ length: MAX_LISTED_FINDINGS + 5 }, () => aFinding('high'));
    const data = policyFindings({ ...policyRun, report: aReport(many), threshold: 'high' })?.data;
    expect(data?.aboveThreshold).toBe(MAX_LISTED_FINDINGS + 5);
    expect(data?.findings).toHaveLength(MAX_LISTED_FINDINGS);
    expect((data?.findings as { id: string }[])[0]).toEqual({ id: many[0]?.id, ruleId: 'Azure.RBAC.LimitOwner', severity: 'high', scope: many[0]?.scope, message: 'more than 3 owners' });
  });
});

describe('image paused and resumed', () => {
  it('paused carries the count, the limit and the last error (code and cut text)', () => {
    const long = `STEP_FAILED: ${'x'.repeat(2000)}`;
    const data = imagePaused({ ...run, consecutiveFailures: 3, pauseAfterFailures: 3, error: new Error(long) }).data;
    expect(data).toMatchObject({ consecutiveFailures: 3, pauseAfterFailures: 3, errorCode: 'STEP_FAILED' });
    expect(String(data['error']).length).toBeLessThanOrEqual(MAX_ERROR_LENGTH);
  });

  it.each([
    ['OrchestrationFailure: STEP_FAILED: step "x" ended Failed', 'STEP_FAILED', 'STEP_FAILED: step "x" ended Failed'],
    ['TaskFailedException: NOT_FOUND: gone', 'NOT_FOUND', 'NOT_FOUND: gone'],
    ['STEP_FAILED: plain', 'STEP_FAILED', 'STEP_FAILED: plain'],
    ['OrchestrationFailure: no code here', null, 'OrchestrationFailure: no code here'],
  ])('paused shows the failed build\'s own error: %s', (error, code, text) => {
    expect(imagePaused({ ...run, consecutiveFailures: 3, pauseAfterFailures: 3, error }).data).toMatchObject({ errorCode: code, error: text });
  });

  it('resumed names the image and the count it cleared; no orchestration published it', () => {
    const draft = imageResumed({ gallery, image: 'ubuntu-web', consecutiveFailures: 3 });
    expect(draft).toMatchObject({ type: EVENT_TYPES.imageResumed, source: GALLERY_ID, subject: 'images/ubuntu-web' });
    expect(draft.data).toEqual({ image: 'ubuntu-web', version: null, instanceId: null, consecutiveFailures: 3 });
  });
});

describe('cancelled events', () => {
  it.each<[string, NotificationDraft]>([
    ['build', buildCancelled({ ...run, version: null, buildId: null, trigger: 'schedule', error: new Error('CANCELLED: cancelled during step plan by ops') })],
    ['capture', captureCancelled({ ...run, vmId: '/subscriptions/s/vm', version: '1.0.0', buildId: 'a1b2c3d4', trigger: 'event', error: new Error('CANCELLED: cancelled during step replicate by ops') })],
    ['prune', pruneCancelled({ ...run, trigger: 'schedule', error: new Error('CANCELLED: cancelled during step deprecating by ops') })],
  ])('%s: errorCode CANCELLED and the error text saying the step and who', (_name, draft) => {
    expect(draft.data).toMatchObject({ errorCode: 'CANCELLED', error: expect.stringMatching(/^CANCELLED: cancelled during step \S+ by ops$/) });
  });
});
