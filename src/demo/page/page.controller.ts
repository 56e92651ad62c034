import { Controller, Get, Header } from '@nestjs/common';
import { DEMO_PAGE_CSP, DEMO_PAGE_HTML } from './demo-page.html';

/** Serves the browser page at `/`. */
@Controller()
export class PageController {
  @Get()
  @Header('content-type', 'text/html; charset=utf-8')
  @Header('content-security-policy', DEMO_PAGE_CSP)
  @Header('cache-control', 'no-store')
  page(): string {
    return DEMO_PAGE_HTML;
  }
}
