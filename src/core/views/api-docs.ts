import type { Context } from 'hono'

/** The browsable API reference: Swagger UI from our own assets, started by a script file (no inline script). */
export function apiDocsPage(c: Context) {
  return c.html(`<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>API · Creative Cities Network</title><link rel="stylesheet" href="/assets/swagger-ui.css"></head>
<body><main><h1 class="visually-hidden">Creative Cities Network API</h1><div id="swagger-ui" data-url="/api/v1/openapi.json"></div></main>
<script src="/assets/swagger-ui-bundle.js"></script><script src="/assets/api-docs.js"></script></body></html>`)
}
