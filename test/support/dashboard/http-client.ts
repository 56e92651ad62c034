/** A JSON answer of the dashboard API. */
export interface ApiResponse<T = Record<string, unknown>> {
  readonly status: number;
  readonly headers: Headers;
  readonly body: T;
}

/** Calls a dashboard's API as its own page would (same origin, JSON). */
export class DashboardClient {
  constructor(
    readonly dashboardUrl: string,
    readonly origin: string,
  ) {}

  async get<T = Record<string, unknown>>(path: string): Promise<ApiResponse<T>> {
    const response = await fetch(`${this.dashboardUrl}${path}`);
    return {
      status: response.status,
      headers: response.headers,
      body: (await response.json()) as T,
    };
  }

  async post<T = Record<string, unknown>>(
    path: string,
    payload: unknown,
    headers: Record<string, string> = { origin: this.origin },
  ): Promise<ApiResponse<T>> {
    const response = await fetch(`${this.dashboardUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(payload),
    });
    return {
      status: response.status,
      headers: response.headers,
      body: (await response.json()) as T,
    };
  }
}
