/**
 * Managed run commands (virtualMachines/{vm}/runCommands/{name}). Scripts are recorded, never executed: the outcome
 * is success unless a failure rule matches, and execution takes `runCommandSeconds` on the clock. A deprovision
 * script stops the VM when it completes and, like the real agent it removes, never reports its own result.
 */
import { badRequest, conflict, resourceNotFound } from './armError';
import type { ArmRequest, ArmResponse, EmulatorContext } from './context';
import { arrayAt, booleanAt, numberAt, objectAt, stringAt, type JsonObject } from './json';
import { startOperation } from './lro';
import { envelope, expandIncludes, optionalObject, pagedList, propertiesOf, readTags, requireBody, requireLocation } from './resourceCommon';
import { readOutputSettings } from './runCommandOutputs';
import { isDeprovisionScript, matchingFailure } from './runCommandRules';
import type { RunCommandRecord } from './state';
import { requireVm } from './virtualMachines';
import { isWindowsUpdateScript, windowsUpdateRound } from './windowsUpdateGuest';

const TYPE = 'Microsoft.Compute/virtualMachines/runCommands';

function runCommandId(vmIdValue: string, name: string): string {
  return `${vmIdValue}/runCommands/${name}`;
}

function scriptOf(source: JsonObject | undefined): string {
  const script = stringAt(source, 'script');
  if (script !== undefined) return script;
  const uri = stringAt(source, 'scriptUri');
  if (uri !== undefined) return `# scriptUri ${uri}`;
  const commandId = stringAt(source, 'commandId');
  if (commandId !== undefined) return `# commandId ${commandId}`;
  throw badRequest('InvalidParameter', "'properties.source' needs one of 'script', 'scriptUri' or 'commandId'.");
}

type ExecutionState = 'Pending' | 'Running' | 'Succeeded' | 'Failed' | 'TimedOut';

function executionState(command: RunCommandRecord, now: number): ExecutionState {
  if (now < command.startAt) return 'Pending';
  const script = stringAt(objectAt(command.properties, 'source'), 'script') ?? '';
  // The deprovision removes the agent that would report the result: the command looks running forever.
  if (now < command.endAt || (command.exitCode === 0 && isDeprovisionScript(script))) return 'Running';
  if (command.exitCode === -1) return 'TimedOut';
  return command.exitCode === 0 ? 'Succeeded' : 'Failed';
}

export function runCommandView(command: RunCommandRecord, now: number, withInstanceView: boolean): JsonObject {
  const properties: JsonObject = { ...command.properties };
  if (withInstanceView) {
    const state = executionState(command, now);
    const done = state === 'Succeeded' || state === 'Failed' || state === 'TimedOut';
    properties.instanceView = {
      executionState: state,
      executionMessage: done ? `Execution ${state === 'Succeeded' ? 'completed' : state === 'TimedOut' ? 'timed out' : 'failed'}` : '',
      ...(done ? { exitCode: command.exitCode, output: command.output, error: command.error, endTime: new Date(command.endAt).toISOString() } : { output: '', error: '' }),
      ...(state === 'Pending' ? {} : { startTime: new Date(command.startAt).toISOString() }),
      statuses: [],
    };
  }
  return envelope(command, properties);
}

export function putRunCommand(ctx: EmulatorContext, req: ArmRequest): ArmResponse {
  const vm = requireVm(ctx, req.params);
  const name = req.params.runCommandName ?? '';
  const body = requireBody(req);
  const id = runCommandId(vm.id, name);
  const existing = ctx.store.get(id, TYPE);
  // A PATCH (the SDK's update) carries no location; it re-runs the command with what is already there.
  const location = req.method === 'PATCH' && existing ? existing.location : requireLocation(body, vm.location);
  const props = req.method === 'PATCH' && existing ? { ...existing.properties, ...propertiesOf(body) } : propertiesOf(body);
  const source = optionalObject(props, 'source', 'properties.source');
  const script = scriptOf(source);
  if (vm.power !== 'running') {
    throw conflict('OperationNotAllowed', `Cannot run command '${name}' on VM '${vm.name}': the VM is ${vm.power}; run commands need a running VM.`);
  }
  const timeout = numberAt(props, 'timeoutInSeconds') ?? 0;
  if (!Number.isInteger(timeout) || timeout < 0 || timeout > 86400) {
    throw badRequest('InvalidParameter', "'properties.timeoutInSeconds' must be an integer from 0 to 86400.");
  }
  const outputs = readOutputSettings(props);
  const parameters = arrayAt(props, 'parameters');
  const asyncExecution = booleanAt(props, 'asyncExecution') ?? false;
  const failure = matchingFailure(ctx.store.state.runCommandFailures, { vmName: vm.name, runCommandName: name, script });
  const runSeconds = ctx.settings.runCommandSeconds;
  const timedOut = timeout > 0 && timeout < runSeconds;
  const updateOutput = !failure && !timedOut && isWindowsUpdateScript(script) ? windowsUpdateRound(ctx, vm, script) : undefined;
  const record: RunCommandRecord = {
    type: TYPE,
    id: existing?.id ?? id,
    name,
    location,
    tags: readTags(body, existing?.tags),
    vmId: vm.id,
    startAt: req.now,
    endAt: req.now + (timedOut ? timeout : runSeconds) * 1000,
    exitCode: timedOut ? -1 : (failure?.exitCode ?? 0),
    output: failure?.output ?? updateOutput ?? `[emulated] script recorded (${script.split('\n').length} line(s)); not executed`,
    error: failure ? `[emulated] step failed with exit code ${failure.exitCode}` : '',
    finished: false,
    properties: {
      source: { ...(source ?? {}), ...(stringAt(source, 'script') === undefined ? {} : { script }) },
      ...(parameters ? { parameters } : {}),
      asyncExecution,
      timeoutInSeconds: timeout,
      treatFailureAsDeploymentFailure: booleanAt(props, 'treatFailureAsDeploymentFailure') ?? false,
      ...outputs,
      provisioningState: 'Creating',
    },
  };
  ctx.store.put(record);
  ctx.store.state.timers.push({ at: record.endAt, effect: { kind: 'runCommandFinished', runCommandId: record.id } });
  const failsDeployment = record.properties.treatFailureAsDeploymentFailure === true && record.exitCode !== 0;
  const headers = startOperation(ctx, req, {
    name: `${TYPE}/write`,
    subscriptionId: req.params.subscriptionId ?? '',
    location: vm.location,
    seconds: asyncExecution ? 0 : (record.endAt - req.now) / 1000,
    onSuccess: [{ kind: 'provisioned', resourceId: record.id, state: !asyncExecution && failsDeployment ? 'Failed' : 'Succeeded' }],
    onFailure: [{ kind: 'provisioned', resourceId: record.id, state: 'Failed' }],
    resultStatus: 200,
  });
  return { status: existing ? 200 : 201, body: runCommandView(record, req.now, false), headers };
}

export function getRunCommand(ctx: EmulatorContext, req: ArmRequest): ArmResponse {
  const vm = requireVm(ctx, req.params);
  const command = ctx.store.get(runCommandId(vm.id, req.params.runCommandName ?? ''), TYPE);
  if (!command) throw resourceNotFound(TYPE, `${vm.name}/${req.params.runCommandName}`, req.params.resourceGroupName);
  return { status: 200, body: runCommandView(command, req.now, expandIncludes(req, 'instanceView')) };
}

export function listRunCommands(ctx: EmulatorContext, req: ArmRequest): ArmResponse {
  const vm = requireVm(ctx, req.params);
  const withView = expandIncludes(req, 'instanceView');
  return pagedList(req, ctx.store.under(vm.id, TYPE).map((c) => runCommandView(c, req.now, withView)));
}

export function deleteRunCommand(ctx: EmulatorContext, req: ArmRequest): ArmResponse {
  const vm = requireVm(ctx, req.params);
  const command = ctx.store.get(runCommandId(vm.id, req.params.runCommandName ?? ''), TYPE);
  if (!command) return { status: 204 };
  const headers = startOperation(ctx, req, {
    name: `${TYPE}/delete`,
    subscriptionId: req.params.subscriptionId ?? '',
    location: vm.location,
    seconds: 0,
    onSuccess: [{ kind: 'deleteResource', resourceId: command.id }],
    onFailure: [],
    resultStatus: 204,
  });
  return { status: 202, headers };
}
