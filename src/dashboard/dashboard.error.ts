/** A dashboard request that cannot be served; `status` and `code` go to the client as they are. */
export class DashboardError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'DashboardError';
  }
}

export const badRequest = (message: string) => new DashboardError(400, 'BadRequest', message);
export const notFound = (code: string, message: string) => new DashboardError(404, code, message);
