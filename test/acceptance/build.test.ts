/**
 * Acceptance: on-demand builds (issue 6 "Done when", docs/http-api.md#start-a-build) through `npm run local` — the HTTP route,
 * the Durable status URL, and ARM reads with the real `@azure/arm-compute` client.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, RUN_ID, type InstanceStatus } from './support/kit';
import { buildOutput, checkStatusPayload, conflictBody, errorBody, imagesBody, shape, startedBody } from './support/contract';
import { call, startLocal, type LocalStack } from './support/localStack';
import { parseLogLine } from '../../shared/domain/telemetry/logLine';

/** From catalog.sample.yaml and the committed local seed. */
const DOCKER = { name: 'ubuntu-2204-docker', regions: ['westeurope', 'northeurope'], seededLatest: '1.1.0', expectedNext: '1.1.1' };
const BASE = { name: 'ubuntu-2204-base', seededLatest: '1.3.1' };
/** The step's run command is found by its script, as its name is the app's business. */
const WINDOWS = { name: 'windows-2022-base', step: 'baseline', scriptFragment: 'fDenyTSConnections' };
const LATEST_UBUNTU_BASE = 'Canonical:0001-com-ubuntu-server-jammy:22_04-lts-gen2:22.04.202611050';

let stack: LocalStack;
let client: Client;

beforeAll(async () => {
  stack = await startLocal();
  client = new Client(stack);
});

afterAll(async () => {
  await stack?.stop();
});

const buildsPath = (image: string) => `/api/images/${image}/builds`;

async function noBuildVmLeft(): Promise<void> {
  expect(await client.vmNames(stack.endpoints.stagingResourceGroup)).toEqual([]);
  for await (const vm of client.compute.virtualMachines.listAll()) {
    expect(vm.tags?.['autopilot-build'], `${vm.id} is a leftover build VM`).toBeUndefined();
  }
}

describe('POST /api/images/{image}/builds', () => {
  it('answers 202 with the check-status payload, 409 BUILD_RUNNING while it runs, and completes with the §7 output', async () => {
    const started = await client.api('POST', buildsPath(DOCKER.name), { body: { reason: 'acceptance' } });
    expect(started.status).toBe(202);
    const payload = shape(startedBody, started.body);
    expect(payload.runId).toMatch(RUN_ID.of('build', DOCKER.name));
    expect(started.headers.location).toBe(payload.statusQueryGetUri);

    const again = await client.api('POST', buildsPath(DOCKER.name), { body: {} });
    expect(again.status).toBe(409);
    const conflict = shape(conflictBody, again.body);
    expect(conflict.error.code).toBe('BUILD_RUNNING');
    expect(conflict.runId).toBe(payload.runId);
    expect(conflict.instance.id).toBe(payload.id);
    expect(conflict.error.details).toEqual([{ path: 'runId', message: payload.runId }]);
    expect(again.headers.location).toBe(payload.statusQueryGetUri);

    const running = await client.instance(payload.id);
    expect(running.status).toBe(202);
    const whileRunning = shape(imagesBody, (await client.api('GET', '/api/images')).body).images.find((i) => i.name === DOCKER.name);
    expect(whileRunning?.lastBuild).toMatchObject({ instanceId: payload.id, status: expect.stringMatching(/^(Pending|Running)$/) });
    expect(running.body?.runtimeStatus).toMatch(/^(Pending|Running)$/);

    const done = await client.untilTerminal(payload.statusQueryGetUri);
    expect(done.runtimeStatus, JSON.stringify(done.output)).toBe('Completed');
    const output = shape(buildOutput, done.output);
    expect(output).toMatchObject({ image: DOCKER.name, version: DOCKER.expectedNext, promoted: true, trigger: 'http' });
    expect(output.regions.slice().sort()).toEqual(DOCKER.regions.slice().sort());
    expect((await client.instance(payload.id)).status).toBe(200);

    const version = await client.compute.galleryImageVersions.get(client.galleryRg, client.galleryName, DOCKER.name, output.version, {
      expand: 'ReplicationStatus',
    });
    expect(version.provisioningState).toBe('Succeeded');
    expect(version.publishingProfile?.excludeFromLatest).toBe(false);
    expect(version.replicationStatus?.aggregatedState).toBe('Completed');
    const replicated = (version.replicationStatus?.summary ?? []).filter((s) => s.state === 'Completed').map((s) => s.region?.toLowerCase().replace(/\s/g, ''));
    expect(replicated.sort()).toEqual(DOCKER.regions.slice().sort());
    expect(version.tags).toMatchObject({
      'autopilot-build': output.buildId,
      'autopilot-trigger': 'http',
      'autopilot-base-image': LATEST_UBUNTU_BASE,
    });
    expect(version.tags?.['autopilot-recipe-sha256']).toMatch(/^[0-9a-f]{64}$/);
    await noBuildVmLeft();

    const images = shape(imagesBody, (await client.api('GET', '/api/images')).body);
    const listed = images.images.find((i) => i.name === DOCKER.name);
    expect(listed?.latestVersion).toBe(output.version);
    expect(listed?.lastBuild).toMatchObject({ instanceId: payload.id, status: 'Completed', version: output.version });

    // The CLI's own output carries the structured telemetry fields (docs/telemetry.md), as Application Insights gets them.
    const runLines = stack.output().split('\n').flatMap((line) => {
      const parsed = parseLogLine(line);
      return parsed !== undefined && parsed.fields.runId === payload.runId ? [parsed.fields] : [];
    });
    expect(runLines).toContainEqual(expect.objectContaining({ event: 'Run.Started', image: DOCKER.name, trigger: 'http' }));
    expect(runLines).toContainEqual(expect.objectContaining({ event: 'Build.Succeeded', image: DOCKER.name, buildId: output.buildId, trigger: 'http', version: output.version }));
    expect(runLines).toContainEqual(expect.objectContaining({ event: 'Step.Completed', step: 'customize', image: DOCKER.name, buildId: output.buildId }));
    for (const region of DOCKER.regions) expect(runLines).toContainEqual(expect.objectContaining({ event: 'Replication.Settled', region, image: DOCKER.name }));
  });

  it('retries ARM 429s with Retry-After on the build VM and the version, and still succeeds', async () => {
    for (const path of ['/virtualMachines/iab', `/images/${BASE.name}/versions/`]) {
      const fault = await client.control('POST', 'faults', { method: 'PUT', path, status: 429, retryAfter: 1, count: 2 });
      expect(fault.status).toBe(201);
    }
    await client.control('DELETE', 'requests');
    const started = await client.api('POST', buildsPath(BASE.name), { body: { reason: 'throttled' } });
    expect(started.status).toBe(202);
    const done = await client.untilTerminal(shape(checkStatusPayload, started.body).statusQueryGetUri);
    expect(done.runtimeStatus, JSON.stringify(done.output)).toBe('Completed');
    const output = shape(buildOutput, done.output);
    expect(output.promoted).toBe(true);

    const puts = (await client.armRequests()).filter((r) => r.method === 'PUT');
    const throttledVm = puts.filter((r) => /\/virtualMachines\/iab/i.test(r.path) && r.status === 429);
    const throttledVersion = puts.filter((r) => r.path.includes(`/versions/${output.version}`) && r.status === 429);
    expect(throttledVm).toHaveLength(2);
    expect(throttledVersion).toHaveLength(2);
    expect(puts.some((r) => r.path.includes(`/versions/${output.version}`) && r.status < 300)).toBe(true);
    await noBuildVmLeft();
  });

  it('fails a build whose customization step fails, names the step, and deletes the build VM', async () => {
    const rule = await client.control('POST', 'runcommand-failures', { vmNamePrefix: 'iab', scriptContains: WINDOWS.scriptFragment, exitCode: 3, output: 'E: acceptance step failure' });
    expect(rule.status).toBe(201);
    try {
      // The body is optional (§7: `{ "reason"?: string }`): a bare POST starts a build.
      const started = await client.api('POST', buildsPath(WINDOWS.name));
      expect(started.status).toBe(202);
      const { runId, statusQueryGetUri } = shape(startedBody, started.body);
      const done: InstanceStatus = await client.untilTerminal(statusQueryGetUri);
      expect(done.runtimeStatus, JSON.stringify(done.output)).toBe('Failed');
      expect(JSON.stringify(done.output)).toContain(WINDOWS.step);
      await noBuildVmLeft();
      const images = shape(imagesBody, (await client.api('GET', '/api/images')).body);
      const lastBuild = images.images.find((i) => i.name === WINDOWS.name)?.lastBuild;
      expect(lastBuild).toMatchObject({ instanceId: runId, runId, status: 'Failed', error: { step: 'customize', code: 'STEP_FAILED' } });
      // It ends on its own final step, not on the cleanup after the failure, and GET /api/images links to it.
      expect(done.customStatus).toMatchObject({ step: 'failed', detail: 'customize: STEP_FAILED', percent: 100 });
      const statusUrl = String((lastBuild as Record<string, unknown> | null | undefined)?.['statusUrl']);
      expect((await call(statusUrl, 'GET')).body).toMatchObject({ instanceId: runId, runtimeStatus: 'Failed' });
      // The run history has it too, with the failed step.
      const run = await client.api('GET', `/api/runs/${runId}`);
      expect(run.body).toMatchObject({ runId, kind: 'build', image: WINDOWS.name, status: 'Failed', error: { code: 'STEP_FAILED', step: 'customize' } });
    } finally {
      await client.control('DELETE', 'runcommand-failures');
    }
  });

  it('refuses bad input with §7 errors before touching ARM', async () => {
    await client.control('DELETE', 'requests');
    const cases = [
      { path: buildsPath('no-such-image'), rawBody: '{}', status: 404, code: 'NOT_FOUND' },
      { path: buildsPath(DOCKER.name), rawBody: '{"reason":', status: 400, code: 'VALIDATION_FAILED' },
      { path: buildsPath(DOCKER.name), rawBody: '{"reason": 42}', status: 400, code: 'VALIDATION_FAILED', detailPath: 'reason' },
      { path: buildsPath(DOCKER.name), rawBody: '["reason"]', status: 400, code: 'VALIDATION_FAILED' },
      { path: buildsPath(DOCKER.name), rawBody: 'null', status: 400, code: 'VALIDATION_FAILED' },
      // Which "reason" counts would depend on the reader: refused, naming the key.
      { path: buildsPath(DOCKER.name), rawBody: '{"reason":"a","reason":"b"}', status: 400, code: 'VALIDATION_FAILED', detailPath: 'reason' },
      // Over the 64 KiB limit every JSON route has (README, HTTP API).
      { path: buildsPath(DOCKER.name), rawBody: JSON.stringify({ reason: 'x'.repeat(70 * 1024) }), status: 400, code: 'VALIDATION_FAILED', detailPath: '(body)' },
      // A scan takes no parameters: anything but an empty body or {} is refused before any ARM read.
      { path: '/api/policy/scans', rawBody: 'scan please', status: 400, code: 'VALIDATION_FAILED' },
      { path: '/api/policy/scans', rawBody: '{"scope":"/subscriptions/x"}', status: 400, code: 'VALIDATION_FAILED' },
      { path: '/api/policy/scans', rawBody: `{}${' '.repeat(1024 * 1024)}`, status: 400, code: 'VALIDATION_FAILED', detailPath: '(body)' },
    ];
    for (const c of cases) {
      const res = await client.api('POST', c.path, { rawBody: c.rawBody, headers: { 'content-type': 'application/json' } });
      expect(res.status, `${c.path} ${c.rawBody}: ${res.text}`).toBe(c.status);
      const body = shape(errorBody, res.body);
      expect(body.error.code).toBe(c.code);
      if (c.status === 400) expect(body.error.details.length, c.rawBody).toBeGreaterThan(0);
      if (c.detailPath) expect(body.error.details.map((d) => d.path)).toContain(c.detailPath);
    }
    expect(await client.instances({ instanceIdPrefix: 'build-no-such-image' })).toEqual([]);
    expect(await client.instances({ instanceIdPrefix: 'policy-scan-' })).toEqual([]);
    expect(await client.runs({ image: 'no-such-image' })).toEqual([]);
    expect(await client.runs({ kind: 'policy-scan' })).toEqual([]);
    expect(await client.armRequests()).toEqual([]);
  });
});
