/**
 * Run command reporting, shaped by VirtualMachineRunCommand_CreateOrUpdate.json: `runAsUser`, `outputBlobUri` and
 * `errorBlobUri` are kept and returned (`runAsPassword` never is), and when the command ends its output and error are
 * written to those blobs — served by the emulator when the URI points at it, listed at /_emulator/blobs otherwise.
 */
import { request } from 'node:https';
import type { VirtualMachineRunCommand } from '@azure/arm-compute';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAST_POLL, startForTest, type ArmTestContext } from './armTestKit';
import { control } from './controlClient';

const RUN = 60;
const EXTERNAL_ERROR_BLOB = 'https://mystorageaccount.blob.core.windows.net/mycontainer/MyScriptError.txt';
let t: ArmTestContext;

beforeAll(async () => {
  t = await startForTest({
    seed: {
      virtualMachines: [{ resourceGroup: 'myResourceGroup', name: 'myVM' }],
      runCommandFailures: [{ runCommandName: 'failing', exitCode: 2, output: 'Write-Host Hello World! failed halfway' }],
    },
    runCommandSeconds: RUN,
  });
});
afterAll(async () => {
  await t.emulator.stop();
});

/** A plain GET with nothing but the URI, as a client holding a SAS URL downloads a blob. */
function download(uri: string): Promise<{ status: number; contentType: string | undefined; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(uri, { method: 'GET', ca: t.emulator.caPem }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, contentType: res.headers['content-type'], text: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end();
  });
}

function command(name: string): VirtualMachineRunCommand {
  return {
    location: 'West Europe',
    source: { script: 'Write-Host Hello World! ; Remove-Item C:\\test\\testFile.txt' },
    parameters: [{ name: 'param1', value: 'value1' }, { name: 'param2', value: 'value2' }],
    asyncExecution: false,
    treatFailureAsDeploymentFailure: false,
    runAsUser: 'user1',
    runAsPassword: '<runAsPassword>',
    timeoutInSeconds: 3600,
    outputBlobUri: `${t.emulator.url}/_emulator/blobs/myscriptoutputcontainer/${name}-output.txt?sv=2024-11-04&sig=redacted`,
    errorBlobUri: EXTERNAL_ERROR_BLOB,
    outputBlobManagedIdentity: { clientId: '22d35efb-0c99-4041-8c5b-6d24db33a69a' },
  };
}

describe('run command output blobs and runAsUser', () => {
  it('keeps and returns runAsUser and the blob URIs, never the password, and writes the output when the command ends', async () => {
    const poller = t.compute.virtualMachineRunCommands.createOrUpdate('myResourceGroup', 'myVM', 'myRunCommand', command('myRunCommand'), FAST_POLL);
    await poller.submitted();
    const running = await t.compute.virtualMachineRunCommands.getByVirtualMachine('myResourceGroup', 'myVM', 'myRunCommand');
    expect(running).toMatchObject({ runAsUser: 'user1', outputBlobUri: command('myRunCommand').outputBlobUri, errorBlobUri: EXTERNAL_ERROR_BLOB, outputBlobManagedIdentity: { clientId: '22d35efb-0c99-4041-8c5b-6d24db33a69a' } });
    expect(running.runAsPassword).toBeUndefined();
    expect((await download(running.outputBlobUri ?? '')).status).toBe(404);

    t.emulator.clock.advance(RUN);
    const done = await poller;
    expect(done.provisioningState).toBe('Succeeded');
    const view = await t.compute.virtualMachineRunCommands.getByVirtualMachine('myResourceGroup', 'myVM', 'myRunCommand', { expand: 'instanceView' });
    const blob = await download(running.outputBlobUri ?? '');
    expect(blob).toMatchObject({ status: 200, contentType: 'text/plain; charset=utf-8' });
    expect(blob.text).toBe(view.instanceView?.output);
  });

  it('records the error blob of a URI elsewhere, readable through the control API', async () => {
    const poller = t.compute.virtualMachineRunCommands.createOrUpdate('myResourceGroup', 'myVM', 'failing', command('failing'), FAST_POLL);
    await poller.submitted();
    t.emulator.clock.advance(RUN);
    await poller;
    const listed = (await control(t.rest, 'GET', 'blobs')).body as { blobs: { uri: string }[] };
    expect(listed.blobs.map((b) => b.uri)).toContain(EXTERNAL_ERROR_BLOB);
    const error = await download(`${t.emulator.url}/_emulator/blobs?uri=${encodeURIComponent(`${EXTERNAL_ERROR_BLOB}?sig=x`)}`);
    expect(error).toMatchObject({ status: 200, text: '[emulated] step failed with exit code 2' });
    expect((await download(`${t.emulator.url}/_emulator/blobs/myscriptoutputcontainer/failing-output.txt`)).text).toBe('Write-Host Hello World! failed halfway');
  });

  it.each([
    ['outputBlobUri', { outputBlobUri: 'myscriptoutput.txt' }],
    ['errorBlobUri', { errorBlobUri: 'ftp://example.com/err.txt' }],
    ['runAsUser', { runAsUser: '' }],
  ])('answers 400 InvalidParameter naming %s', async (field, override) => {
    const body = { ...command('bad'), ...override } as VirtualMachineRunCommand;
    await expect(t.compute.virtualMachineRunCommands.createOrUpdate('myResourceGroup', 'myVM', 'bad', body, FAST_POLL).submitted()).rejects.toMatchObject({
      statusCode: 400,
      code: 'InvalidParameter',
      message: expect.stringContaining(field),
    });
  });
});
