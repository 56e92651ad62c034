import { Controller, Get, Header } from '@nestjs/common';
import { demoPageAssets } from './demo-page.assets';
import {
  DEMO_PAGE_CSP,
  DEMO_PAGE_HTML,
  DEMO_SCRIPT_PATH,
  DEMO_STYLES_PATH,
} from './demo-page.html';

/** Serves the browser page at `/`, and its script and stylesheet. */
@Controller()
export class PageController {
  @Get()
  @Header('content-type', 'text/html; charset=utf-8')
  @Header('content-security-policy', DEMO_PAGE_CSP)
  @Header('cache-control', 'no-store')
  page(): string {
    return DEMO_PAGE_HTML;
  }

  @Get(DEMO_SCRIPT_PATH)
  @Header('content-type', 'text/javascript; charset=utf-8')
  @Header('x-content-type-options', 'nosniff')
  @Header('cache-control', 'no-store')
  script(): string {
    return demoPageAssets().script;
  }

  @Get(DEMO_STYLES_PATH)
  @Header('content-type', 'text/css; charset=utf-8')
  @Header('x-content-type-options', 'nosniff')
  @Header('cache-control', 'no-store')
  styles(): string {
    return demoPageAssets().styles;
  }
}
