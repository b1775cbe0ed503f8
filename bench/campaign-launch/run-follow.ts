import { setTimeout as sleep } from 'node:timers/promises';
import { postGraphQL } from '../lib/graphql-http.ts';
import { phase } from '../lib/progress.ts';
import type { NexoProcess } from '../lib/server.ts';
import { RUN } from './documents.ts';

export const RUN_TIMEOUT_MS = 30 * 60_000;

/** A run as the API shows it. */
export interface RunState {
  status: string;
  audience: number;
  contacted: number;
  control: number;
  excluded: number;
}

async function runState(server: NexoProcess, token: string, runId: string): Promise<RunState> {
  const { result } = await postGraphQL<{ node: RunState | null }>(server.url, token, RUN, { id: runId });
  if (!result.data?.node) throw new Error(`the run ${runId} could not be read: ${JSON.stringify(result.errors ?? result.data)}`);
  return result.data.node;
}

/** Customers decided so far: a control member has one row, anyone else one per channel. */
const decidedOf = (state: RunState, channels: number) => state.control + (state.contacted + state.excluded) / channels;

/** Polls the run through the API until it is COMPLETED, with progress. */
export async function followRun(label: string, server: NexoProcess, token: string, runId: string, channels: number): Promise<RunState> {
  let state = await runState(server, token, runId);
  const progress = phase(label, state.audience);
  const deadline = performance.now() + RUN_TIMEOUT_MS;
  for (;;) {
    progress.update(Math.round(decidedOf(state, channels)), `customers decided (${state.contacted.toLocaleString('en')} contacts)`);
    if (state.status === 'COMPLETED') break;
    if (performance.now() > deadline) throw new Error(`the run ${runId} is still ${state.status} after ${RUN_TIMEOUT_MS / 60_000} minutes: ${JSON.stringify(state)}`);
    await sleep(250);
    state = await runState(server, token, runId);
  }
  progress.finish(`${state.status.toLowerCase()}: ${Math.round(decidedOf(state, channels)).toLocaleString('en')} of ${state.audience.toLocaleString('en')} customers decided`);
  return state;
}
