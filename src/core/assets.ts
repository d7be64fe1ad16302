import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, extname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Hono } from 'hono'
import { notFound } from './errors'
import type { AppEnv } from './http'

const require = createRequire(import.meta.url)
const own = fileURLToPath(new URL('../assets/', import.meta.url))
const pkg = (name: string) => dirname(require.resolve(`${name}/package.json`))

/** Every file the pages may load, by public name: ours from src/assets, libraries' from node_modules. */
const files: Record<string, string> = {
  'app.css': join(own, 'app.css'),
  'app.js': join(own, 'app.js'),
  'map.js': join(own, 'map.js'),
  'map-page.js': join(own, 'map-page.js'),
  'map-page.css': join(own, 'map-page.css'),
  'messages.css': join(own, 'messages.css'),
  'spaces.css': join(own, 'spaces.css'),
  'matching.css': join(own, 'matching.css'),
  'districts.css': join(own, 'districts.css'),
  'district-map.js': join(own, 'district-map.js'),
  'api-docs.js': join(own, 'api-docs.js'),
  'favicon.svg': join(own, 'favicon.svg'),
  'htmx.min.js': join(pkg('htmx.org'), 'dist/htmx.min.js'),
  'leaflet.js': join(pkg('leaflet'), 'dist/leaflet.js'),
  'leaflet.css': join(pkg('leaflet'), 'dist/leaflet.css'),
  'images/layers.png': join(pkg('leaflet'), 'dist/images/layers.png'),
  'images/marker-icon.png': join(pkg('leaflet'), 'dist/images/marker-icon.png'),
  'images/marker-shadow.png': join(pkg('leaflet'), 'dist/images/marker-shadow.png'),
  'markercluster.js': join(pkg('leaflet.markercluster'), 'dist/leaflet.markercluster.js'),
  'MarkerCluster.css': join(pkg('leaflet.markercluster'), 'dist/MarkerCluster.css'),
  'MarkerCluster.Default.css': join(pkg('leaflet.markercluster'), 'dist/MarkerCluster.Default.css'),
  'fonts/inter-latin.woff2': join(pkg('@fontsource-variable/inter'), 'files/inter-latin-wght-normal.woff2'),
  'fonts/inter-latin-ext.woff2': join(
    pkg('@fontsource-variable/inter'),
    'files/inter-latin-ext-wght-normal.woff2',
  ),
  'swagger-ui.css': join(pkg('swagger-ui-dist'), 'swagger-ui.css'),
  'swagger-ui-bundle.js': join(pkg('swagger-ui-dist'), 'swagger-ui-bundle.js'),
}

const types: Record<string, string> = {
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
}

const cache = new Map<string, Uint8Array>()

export function assetRoutes(app: Hono<AppEnv>) {
  app.get('/assets/:name{.+}', (c) => {
    const name = c.req.param('name')
    const file = files[name]
    if (!file) throw notFound()
    let body = cache.get(name)
    if (!body) {
      body = new Uint8Array(readFileSync(file))
      cache.set(name, body)
    }
    return c.body(body as Uint8Array<ArrayBuffer>, 200, {
      'content-type': types[extname(name)] ?? 'application/octet-stream',
      'cache-control': 'public, max-age=3600',
    })
  })
}
