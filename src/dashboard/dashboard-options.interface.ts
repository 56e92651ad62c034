/** Where the dashboard writes failures it could not show to anyone. */
export interface DashboardLogger {
  error(message: string): void;
}

/** Options of the framework-free dashboard ({@link SqsDashboard}). */
export interface SqsDashboardHandlerOptions {
  /** URL path of the page, e.g. `/sqs`; the API lives under `<path>/api/`. */
  readonly path: string;
  /** Shows everything, changes nothing: every action answers 403. Default false. */
  readonly readOnly?: boolean;
  /**
   * Origins (e.g. `https://admin.example.com`) allowed to post actions besides the request's own
   * host: for a reverse proxy that rewrites the Host header.
   */
  readonly allowedOrigins?: readonly string[];
  /**
   * Host names (no port) the dashboard answers to; others get 403 on every route. Unset: any.
   * The module and the standalone emulator (when it listens on loopback) set the loopback names
   * at least (`dashboardAllowedHosts`), so that a web page cannot reach the dashboard
   * through DNS rebinding.
   */
  readonly allowedHosts?: readonly string[];
  /** Added to the 403 for a host not allowed: how to allow it where this dashboard runs. */
  readonly hostNotAllowedHint?: string;
  /** How often open pages get fresh counts. Default 1000 ms. */
  readonly refreshIntervalMs?: number;
  /** Title of the page. Default `SQS dashboard`. */
  readonly title?: string;
  readonly logger?: DashboardLogger;
}

/** The dashboard beside the standalone emulator (`startSqsServer({ dashboard })`). */
export interface SqsServerDashboardOptions {
  /** URL path of the page. Default `/dashboard`. */
  readonly path?: string;
  /** Shows everything, changes nothing. Default false. */
  readonly readOnly?: boolean;
}
