/** What the HTTP layer writes back for a request: status, headers and body. */
export interface WireResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}
