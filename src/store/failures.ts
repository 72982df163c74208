import { eventCountText, MAX_TOTAL_EVENTS, PER_REPLICATION_FIELDS, workProblem, type WorkEstimate } from '../../sim-core/limits';
import type { Scenario } from '../../sim-core/scenario/schema';
import { BlockFailed, EngineFailed, ScenarioRejected, describeIncident, messageOf, type WorkerIncident } from '../worker/pool';
import type { AppError, Notice, NoticeId } from './uiSlice';

/**
 * What the page says when work fails or is refused: the same words for a run and an exploration.
 */

/** Title, text and (for an engine exception) the copyable message of a failure. */
export function describeFailure(e: unknown, what = 'run'): AppError {
  if (e instanceof ScenarioRejected) return { title: 'The simulation refused the scenario', detail: e.issues.map((i) => `${i.path}: ${i.message}`).join('\n') };
  if (e instanceof EngineFailed)
    return {
      title: `The simulation engine failed during the ${what}`,
      detail:
        `${e.failure.message}\n\n` +
        'This is a fault in the engine, not in your settings: the command reproduces it in one thread. Please report it with the message below.',
      copy: { label: 'The engine’s message, with the command that reproduces it', text: e.failure.message },
    };
  if (e instanceof BlockFailed)
    return { title: `The ${what} stopped: a simulation worker failed ${e.attempts} times on the same ${e.what === 'estimate' ? 'work estimate' : 'block'}`, detail: e.message };
  return { title: `The ${what} failed`, detail: messageOf(e) };
}

const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** The banner for workers lost and replaced during a run or an exploration. */
export function incidentNotice(id: NoticeId, incidents: readonly WorkerIncident[], finished: boolean, what = 'run'): Notice {
  const n = incidents.length;
  const title =
    n === 1
      ? capital(describeIncident(incidents[0], finished))
      : `Simulation workers were restarted ${n} times during this ${what}; each lost block ${finished ? 'ran' : 'is running'} again`;
  return {
    id,
    tone: 'warning',
    title,
    sections: [
      ...(n > 1 ? [{ items: incidents.map((i) => describeIncident(i, finished)) }] : []),
      {
        items: [
          `A block of replications gives the same numbers on any worker, so the ${what}’s results are ${finished ? 'complete and exact' : 'unaffected'}.` +
            ' A block that fails three times stops the run with a message.',
        ],
      },
    ],
  };
}

/**
 * The banner for work refused by the limit (sim-core/limits.ts), or null when the estimate fits. `fields` are
 * the scenario fields worth lowering (shown as links).
 */
export function limitNotice(
  id: NoticeId,
  e: WorkEstimate,
  what: string,
  fix: (max: number) => string,
  fields: string[],
): Notice | null {
  const problem = workProblem(e, fix);
  if (!problem) return null;
  return {
    id,
    tone: 'error',
    title: `This ${what} was not started: it is more work than the page allows (${eventCountText(MAX_TOTAL_EVENTS)} simulated events). Your settings are unchanged.`,
    sections: [
      { items: [capital(problem) + '.'] },
      {
        heading: 'How the estimate is made',
        items: [
          'A worker simulated replication 0 and counted its events; the whole job is that count × the replications (× the points of an exploration).',
          'For more, split the run into shards with the command line (npm run -s sim -- <scenario> --shard k/n) and open the merged results file here.',
        ],
      },
    ],
    fields: fields.length ? { label: 'Fields to lower', keys: fields } : undefined,
  };
}

/** The fields to name for a refused run. */
export const runLimitFields = (e: WorkEstimate): string[] => (e.pilotTruncated ? [...PER_REPLICATION_FIELDS] : ['simulation.replications']);

/** A scenario's identity for the work estimate: everything but the replication count and the detail replication. */
export function estimateKey(pilots: readonly Scenario[]): string {
  return JSON.stringify(pilots.map((s) => ({ ...s, simulation: { ...s.simulation, replications: 0, detailReplication: 0 } })));
}
