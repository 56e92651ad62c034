/** The bare, lower-case media type of a Content-Type header (parameters such as charset dropped). */
export function mediaType(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0].trim().toLowerCase();
}
