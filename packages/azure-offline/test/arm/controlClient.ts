/** Calls the emulator's control API (/_emulator/…) through the SDK core's generic REST client. */
import type { Client } from '@azure-rest/core-client';
import type { RequestLogEntry } from '../../src/arm/requestLog';

export interface ControlResponse {
  status: number;
  body: unknown;
}

export async function control(rest: Client, method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<ControlResponse> {
  const resource = rest.pathUnchecked(`/_emulator/${path}`);
  const response = method === 'GET' ? await resource.get() : method === 'DELETE' ? await resource.delete() : await resource.post({ body: body ?? {} });
  return { status: Number(response.status), body: response.body };
}

export async function requestLog(rest: Client): Promise<RequestLogEntry[]> {
  const { body } = await control(rest, 'GET', 'requests');
  return (body as { requests: RequestLogEntry[] }).requests;
}

export async function addFault(rest: Client, fault: Record<string, unknown>): Promise<string> {
  const { status, body } = await control(rest, 'POST', 'faults', fault);
  if (status !== 201) throw new Error(`fault not accepted: ${status} ${JSON.stringify(body)}`);
  return (body as { id: string }).id;
}
