/**
 * Why a start attempt ended. A failure in Phase 3 is a Phase 3 breach: the app raises and exits with code 3, or
 * (`startup_probe`) Cloud Run kills the container first because it is still not listening when its startup probe
 * gives up. The probe can also kill a start in the later phases, after Phase 3 passed: that start fails, and its
 * record says `startup_probe`, but it is no Phase 3 breach.
 */
export const FAILURE_CAUSES = [
  'connect_timeout',
  'too_many_clients',
  'pool_timeout',
  'table_setup_timeout',
  'table_setup_race',
  'health_check_timeout',
  'init_timeout',
  'startup_probe',
] as const;
export type FailureCause = (typeof FAILURE_CAUSES)[number];

/** Each cause in words (with the PostgreSQL SQLSTATE where there is one), for charts, tables and reports. */
export const FAILURE_LABEL: Record<FailureCause, string> = {
  connect_timeout: 'Connect timeout',
  too_many_clients: 'Too many clients (53300)',
  pool_timeout: 'Pool timeout',
  table_setup_timeout: 'Table setup timeout',
  table_setup_race: 'Table setup race (23505/42P07)',
  health_check_timeout: 'Health check timeout',
  init_timeout: 'Initialization timeout',
  startup_probe: 'Startup probe (Cloud Run)',
};

/** `unfinished`: the horizon came before Phase 3 reached a verdict; such attempts are censored, not counted. */
export type Outcome = 'healthy' | FailureCause | 'unfinished';

/** One start attempt of one container: one flat record whatever happened (as Ciw's DataRecord). */
export interface StartRecord {
  readonly container: number;
  /** 0 for the first start, 1 for the first restart, … */
  readonly attempt: number;
  readonly start: number;
  /** End time of each phase reached, in order (index 2 is Phase 3). A failed phase has no entry. */
  readonly phaseEnds: readonly number[];
  /** Phase 3 duration, or null when Phase 3 was never reached or had no verdict by the horizon. */
  readonly phase3Duration: number | null;
  /** Time Phase 3 ended (success or failure); null when it did not end. */
  readonly phase3End: number | null;
  /**
   * Time the attempt ended: healthy (its last phase done), exited (a Phase 3 failure) or killed by the startup probe,
   * in whatever phase; null when the horizon came first (`unfinished`).
   */
  readonly end: number | null;
  readonly outcome: Outcome;
  /** Connections the container held on Cloud SQL when the attempt ended (or at the horizon). */
  readonly connectionsHeld: number;
}

/** The process exit code of a failed start: the app raises a deterministic startup error. */
export const PHASE3_EXIT_CODE = 3;
