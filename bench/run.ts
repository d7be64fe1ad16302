// The benchmark: generates a network of N actors with the demo generator (and spaces for the map), times the
// directory's search in process (the floor: its index in memory) and its SQL directly against the database, then
// starts the real server and loads it with autocannon:
// the directory, profiles, the home page and the map's three GeoJSON endpoints for a city-sized box. The directory
// is loaded twice: with searches each asked once (what the database must answer) and with 200 searches repeated
// (what the server answers from memory while no actor changes).
//   npm run bench -- --actors 100000 --engine pg|pglite [--duration 10] [--connections 8] [--spaces 10000]
//     [--processes 2] [--reuse]
import { type ChildProcess, spawn } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import autocannon from 'autocannon'
import { sql } from 'drizzle-orm'
import pg from 'pg'
import { prepareDatabase } from '../src/bootstrap'
import { anonymousViewer } from '../src/core/auth'
import { loadConfig } from '../src/core/config'
import { type Database, openPglite, openPostgres, rows as queryRows } from '../src/core/db/client'
import { type Bbox, bboxText } from '../src/core/geo'
import { i18nFor } from '../src/core/i18n'
import { queryWords } from '../src/core/text'
import { createNetworkAdmin } from '../src/modules/accounts/service'
import { selectActorList, selectMatches } from '../src/modules/actors/queries'
import {
  actorsByIds,
  prepareDirectoryIndex,
  searchActors,
  textMatch,
  visibilityScope,
} from '../src/modules/actors/service'
import { recommendPartners } from '../src/modules/matching/service'
import { getTaxonomy } from '../src/modules/taxonomy/service'

const { values } = parseArgs({
  options: {
    actors: { type: 'string', default: '10000' },
    engine: { type: 'string', default: 'pg' },
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '8' },
    seed: { type: 'string', default: '7' },
    port: { type: 'string', default: '3900' },
    'floor-samples': { type: 'string', default: '300' },
    /** Spaces generated for the map scenario (spread over the cities' districts like the actors). */
    spaces: { type: 'string', default: '10000' },
    /** PostgreSQL only: server processes sharing the port (the server's PROCESSES), one per core in production. */
    processes: { type: 'string', default: '1' },
    /** PostgreSQL only: keep the database of an earlier run with the same size instead of generating it again. */
    reuse: { type: 'boolean', default: false },
  },
})
const actors = Number(values.actors)
const engine = values.engine === 'pglite' ? 'pglite' : 'pg'
const duration = Number(values.duration)
const connections = Number(values.connections)
const port = Number(values.port)
const processes = Number(values.processes)
if (engine === 'pglite' && processes > 1)
  throw new Error('--processes needs --engine pg: PGlite serves one process')
const adminUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'
const benchDb = `ccn_bench_${actors}`

const spaceCount = Number(values.spaces)

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]

async function createDatabase(): Promise<{
  database: Database
  env: Record<string, string>
  cleanup: () => void
  reused: boolean
}> {
  if (engine === 'pg') {
    const url = new URL(adminUrl)
    url.pathname = `/${benchDb}`
    const admin = new pg.Client({ connectionString: adminUrl })
    await admin.connect()
    const exists = (await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [benchDb])).rowCount
    const reused = !!values.reuse && !!exists
    if (!reused) {
      await admin.query(`DROP DATABASE IF EXISTS ${benchDb} WITH (FORCE)`)
      await admin.query(`CREATE DATABASE ${benchDb}`)
    }
    await admin.end()
    return {
      database: openPostgres(url.toString(), 4),
      env: { DATABASE_URL: url.toString() },
      cleanup: () => {},
      reused,
    }
  }
  const dir = mkdtempSync(join(tmpdir(), 'ccn-bench-'))
  return {
    database: await openPglite(dir),
    env: { DATA_DIR: dir },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
    reused: false,
  }
}

/**
 * Search requests like people make them: a word or two plus a city and a sector. `repeated` are 200 searches
 * people ask again and again; `unique` are every other word or capability label with every city and sector,
 * in a fixed shuffled order, each to be asked once (the server cannot answer them from memory).
 */
function searchCases(taxonomy: Awaited<ReturnType<typeof getTaxonomy>>, words: string[]) {
  const cities = ['leipzig', 'genoa', 'gdansk', 'ljubljana', 'pecs']
  const repeated: { q: string; city: string; sector: string }[] = []
  for (let i = 0; i < 200; i++) {
    const capability = taxonomy.capabilities[(i * 7) % taxonomy.capabilities.length]
    const lang = ['en', 'de', 'it', 'pl', 'sl', 'hu'][i % 6]
    const q = i % 2 === 0 ? words[(i * 13) % words.length] : capability.label[lang]!
    repeated.push({ q, city: cities[i % 5], sector: taxonomy.sectors[(i * 3) % 9].id })
  }
  const asked = new Set(repeated.map((c) => JSON.stringify(c)))
  const labels = taxonomy.capabilities.flatMap((c) => Object.values(c.label) as string[])
  const unique = [...new Set([...words, ...labels])]
    .flatMap((q) => cities.flatMap((city) => taxonomy.sectors.map((s) => ({ q, city, sector: s.id }))))
    .filter((c) => !asked.has(JSON.stringify(c)))
  // A fixed shuffle (a linear congruential generator), so that runs are alike and words and cities mix.
  let state = 7
  for (let i = unique.length - 1; i > 0; i--) {
    state = (state * 1103515245 + 12345) % 2 ** 31
    const j = state % (i + 1)
    ;[unique[i], unique[j]] = [unique[j], unique[i]]
  }
  return { repeated, unique }
}

type SearchCase = ReturnType<typeof searchCases>['repeated'][number]

const benchContext = (database: Database) => ({
  db: database.db,
  config: loadConfig({ DEMO_DATA: 'false' }),
  i18n: i18nFor('en'),
  requestId: 'bench',
  viewer: anonymousViewer(),
})

/** Each search timed in process through the search service. */
async function floor(database: Database, cases: SearchCase[]) {
  const ctx = benchContext(database)
  return timed(cases, (c) =>
    searchActors(ctx, {
      q: c.q,
      filters: { city: [c.city], sector: [c.sector] },
      sort: 'relevance',
      page: 1,
      perPage: 20,
    }),
  )
}

/** Each search's SQL timed directly against the database: what the search costs without the index in memory. */
async function sqlFloor(database: Database, cases: SearchCase[]) {
  const ctx = benchContext(database)
  return timed(cases, async (c) => {
    const query = {
      text: await textMatch(ctx, c.q),
      filters: { city: [c.city], sector: [c.sector] },
      scope: visibilityScope(ctx.viewer),
      sort: 'relevance' as const,
      limit: 20,
      offset: 0,
    }
    await selectActorList(database.db, (await selectMatches(database.db, query)).pageIds)
  })
}

async function timed<T>(cases: T[], run: (c: T) => Promise<unknown>) {
  const times: number[] = []
  for (const c of cases) {
    const started = performance.now()
    await run(c)
    times.push(performance.now() - started)
  }
  return times.sort((a, b) => a - b)
}

const floorRow = (name: string, times: number[], seconds: number) => ({
  name,
  p50: percentile(times, 50),
  p95: percentile(times, 95),
  p99: percentile(times, 99),
  rps: Math.round(times.length / seconds),
  errors: 0,
  bytes: undefined,
})

/** The top 10 partners of each sample actor, timed in-process: the floor of the matches endpoint. */
async function matchingFloor(database: Database, ids: number[]) {
  const viewer = { ...anonymousViewer(), networkMember: true }
  const ctx = { ...benchContext(database), viewer }
  return timed(await actorsByIds(database.db, ids), (actor) =>
    recommendPartners(ctx, { ...actor, id: Number(actor.id) }, 10),
  )
}

const benchAdmin = {
  email: 'bench-admin@bench.creative-cities.example',
  password: 'Quiet-harbour-lanterns-2026',
}

/** A session of the bench's network admin (who may see every organisation's recommendations). */
async function signInCookie(): Promise<string> {
  const res = await fetch(`http://127.0.0.1:${port}/en/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: `http://127.0.0.1:${port}` },
    body: new URLSearchParams(benchAdmin).toString(),
  })
  const cookies = res.headers.getSetCookie().map((c) => c.split(';')[0])
  if (!cookies.length) throw new Error(`the bench admin could not sign in (${res.status})`)
  return cookies.join('; ')
}

async function startServer(env: Record<string, string>): Promise<ChildProcess> {
  const taken = await fetch(`http://127.0.0.1:${port}/healthz`).then(
    () => true,
    () => false,
  )
  if (taken) throw new Error(`port ${port} is in use by another process; stop it or pass --port`)
  // Node itself with tsx's loader (not npx), so that SIGTERM reaches the server and not a wrapper.
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    env: {
      ...process.env,
      ...env,
      PORT: String(port),
      DEMO_DATA: 'false',
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      PROCESSES: String(processes),
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  // Every process says when it has read its index and is about to listen.
  let said = ''
  child.stdout?.on('data', (chunk) => {
    said += chunk
  })
  const indexesRead = () => (said.match(/Read the directory's search index/g) ?? []).length
  for (let i = 0; i < 120; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/readyz`)).ok && indexesRead() >= processes) return child
    } catch {}
    await new Promise((r) => setTimeout(r, 500))
  }
  child.kill()
  throw new Error('the server did not start')
}

async function load(
  name: string,
  paths: string[],
  connectionCount = connections,
  headers: Record<string, string> = {},
  eachOnce = false,
) {
  let i = 0
  const times: number[] = []
  const { promise: done, resolve, reject } = Promise.withResolvers<autocannon.Result>()
  const instance = autocannon(
    {
      url: `http://127.0.0.1:${port}`,
      connections: connectionCount,
      duration,
      // Searches asked once end the run early when they run out, however fast the server answers them.
      ...(eachOnce ? { maxOverallRequests: paths.length } : {}),
      requests: [
        {
          setupRequest: (req: any) => ({
            ...req,
            path: paths[i++ % paths.length],
            headers: { ...req.headers, ...headers },
          }),
        },
      ],
    },
    (err, result) => (err ? reject(err) : resolve(result)),
  )
  // Every response time, so that p95 is measured rather than read between autocannon's buckets.
  instance.on('response', (_client: unknown, _status: number, _bytes: number, responseTime: number) => {
    times.push(responseTime)
  })
  const result = await done
  if (eachOnce && i > paths.length) throw new Error(`${name}: more requests (${i}) than searches asked once`)
  times.sort((a, b) => a - b)
  return {
    name,
    p50: percentile(times, 50),
    p95: percentile(times, 95),
    p99: percentile(times, 99),
    rps: Math.round(result.requests.average),
    errors: result.non2xx + result.errors,
    bytes: undefined as number | undefined,
  }
}

/**
 * Spaces for the map, as many as asked: offered by actors, at their districts, of every type and status.
 * Plain rows in the bench's own database (the demo's few spaces tell nothing about speed at this size).
 */
async function generateSpaces(database: Database, count: number) {
  const [{ n }] = await queryRows<{ n: number }>(database.db, sql`SELECT count(*)::int AS n FROM spaces`)
  if (n >= count) return
  await database.db.execute(sql`
    WITH owners AS (
      SELECT id, cluster_id, district_id, lat, lon, row_number() OVER (ORDER BY id) AS rn, count(*) OVER () AS total
      FROM actors WHERE lat IS NOT NULL
    )
    INSERT INTO spaces (slug, owner_actor_id, cluster_id, district_id, title, description, original_language,
      address, lat, lon, type, floor_area, condition, terms, rent_per_month, available_from, status, demo)
    SELECT 'bench-space-' || i, o.id, o.cluster_id, o.district_id,
      jsonb_build_object('en', 'Space ' || i || ' for creative use'),
      jsonb_build_object('en', 'A vacant space generated for the benchmark.'), 'en',
      'Benchmark street ' || i, o.lat + ((i * 13) % 21 - 10) * 0.0004, o.lon + ((i * 17) % 21 - 10) * 0.0006,
      (ARRAY['studio','workshop','shop_front','office','hall','whole_building','flat'])[1 + i % 7],
      20 + (i * 37) % 900,
      (ARRAY['ready','needs_repair','shell'])[1 + i % 3],
      (ARRAY['free_for_costs','guardian','temporary_lease','long_lease'])[1 + i % 4],
      CASE WHEN i % 4 = 0 THEN NULL ELSE 100 + (i * 53) % 2000 END,
      current_date - (i % 300),
      (ARRAY['available','available','under_application','let','ended'])[1 + i % 5],
      true
    FROM generate_series(${n + 1}::int, ${count}::int) AS i
    JOIN owners o ON o.rn = 1 + (i * 7919) % o.total`)
  if (engine === 'pg') await database.db.execute(sql`VACUUM ANALYZE spaces`)
}

/** City-sized boxes around Leipzig, panned a little each, as people move a map over the city. */
function leipzigBoxes(): Bbox[] {
  return Array.from({ length: 40 }, (_, i) => {
    const dx = ((i * 7) % 11) * 0.004 - 0.02
    const dy = ((i * 5) % 9) * 0.003 - 0.012
    const round = (v: number) => Math.round(v * 1e5) / 1e5
    return {
      minLon: round(12.22 + dx),
      minLat: round(51.27 + dy),
      maxLon: round(12.52 + dx),
      maxLat: round(51.41 + dy),
    }
  })
}

/** Each endpoint's answer for the first box: its size, and whether it was grouped or capped. */
async function responseSizes(paths: Record<string, string>) {
  const sizes: Record<string, { bytes: number; features: number; clustered?: boolean; truncated?: boolean }> =
    {}
  for (const [name, path] of Object.entries(paths)) {
    const text = await (await fetch(`http://127.0.0.1:${port}${path}`)).text()
    const body = JSON.parse(text)
    sizes[name] = {
      bytes: Buffer.byteLength(text),
      features: body.features?.length,
      clustered: body.clustered,
      truncated: body.truncated,
    }
  }
  return sizes
}

async function main() {
  console.log(
    `Benchmark: ${actors} actors on ${engine === 'pg' ? 'PostgreSQL' : 'PGlite'}, ${processes} server process(es)`,
  )
  const { database, env, cleanup, reused } = await createDatabase()
  let started = performance.now()
  await prepareDatabase(database, loadConfig({ DEMO_DATA: 'true' }), { actors, seed: Number(values.seed) })
  console.log(
    reused
      ? 'reused the database of an earlier run'
      : `generated and loaded in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  )

  // A migration since the earlier run may have rewritten a table: its statistics and visibility map are gone.
  if (reused) await database.db.execute(sql`VACUUM ANALYZE`)
  started = performance.now()
  await generateSpaces(database, spaceCount)
  console.log(`spaces ready (${spaceCount}) in ${((performance.now() - started) / 1000).toFixed(1)} s`)

  const taxonomy = await getTaxonomy({ db: database.db })
  const { default: words } = await import('../src/modules/actors/data/demo-words.json', {
    with: { type: 'json' },
  })
  const vocabulary = Object.values(words)
    .flatMap((w: any) => w.orgCores as string[])
    .flatMap(queryWords)
  const cases = searchCases(taxonomy, vocabulary)
  const slugs = (
    await searchActors(
      {
        db: database.db,
        config: loadConfig({}),
        i18n: i18nFor('en'),
        requestId: 'bench',
        viewer: anonymousViewer(),
      },
      { filters: {}, sort: 'newest', page: 1, perPage: 100 },
    )
  ).items.map((a) => a.slug)

  // Searches each asked once, in turn: the floor's, then each run's own, so no answer comes from memory.
  let asked = 0
  const fresh = (count: number) => {
    if (asked + count > cases.unique.length) throw new Error('the benchmark ran out of searches asked once')
    asked += count
    return cases.unique.slice(asked - count, asked)
  }
  started = performance.now()
  const { actors: indexed } = await prepareDirectoryIndex(database.db)
  console.log(
    `directory index read (${indexed} actors) in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  )
  const floorSamples = Number(values['floor-samples'])
  await floor(database, fresh(50)) // warms the caches
  started = performance.now()
  const serviceFloor = floorRow(
    'search service in process (floor, 1 connection)',
    await floor(database, fresh(floorSamples)),
    (performance.now() - started) / 1000,
  )
  await sqlFloor(database, fresh(50))
  started = performance.now()
  const databaseFloor = floorRow(
    'search SQL in the database (1 connection)',
    await sqlFloor(database, fresh(floorSamples)),
    (performance.now() - started) / 1000,
  )
  // Partners for actors spread over the whole directory, not only the newest.
  const [{ maxId }] = await queryRows<{ maxId: number }>(
    database.db,
    sql`SELECT max(id)::int AS "maxId" FROM actors`,
  )
  const sampleIds = Array.from({ length: 200 }, (_, i) => 1 + Math.floor(((i * 7919) % 200) * (maxId / 200)))
  await matchingFloor(database, sampleIds.slice(0, 20)) // warms the caches
  const matchingTimes = await matchingFloor(database, sampleIds)
  const matchingFloorRow = { ...floorRow('top 10 partners (floor, 1 connection)', matchingTimes, 1), rps: 0 }
  const matchSlugs = (await actorsByIds(database.db, sampleIds)).map((a) => a.slug)
  const admin = await createNetworkAdmin(database.db, benchAdmin.email, benchAdmin.password)
  if ('problem' in admin) throw new Error(`the bench admin's password is refused: ${admin.problem}`)
  await database.close()

  const server = await startServer(env)
  try {
    const searchPath = (c: SearchCase) =>
      `/api/v1/actors?q=${encodeURIComponent(c.q)}&city=${c.city}&sector=${c.sector}`
    const pagePath = (c: SearchCase) => searchPath(c).replace('/api/v1/actors', '/en/actors')
    const profilePaths = slugs.map((s) => `/en/actors/${s}`)
    const many = `${connections} connections`
    await load('warm-up', cases.repeated.slice(0, 20).map(searchPath))
    const rows = [
      serviceFloor,
      databaseFloor,
      await load('search API (1 connection, each search new)', fresh(6000).map(searchPath), 1, {}, true),
      await load(
        `search API (${many}, each search new)`,
        fresh(12000).map(searchPath),
        connections,
        {},
        true,
      ),
      await load(`search API (${many}, 200 searches repeated)`, cases.repeated.map(searchPath)),
      await load(
        `search page HTML (${many}, each search new)`,
        fresh(12000).map(pagePath),
        connections,
        {},
        true,
      ),
      await load(`search page HTML (${many}, 200 searches repeated)`, cases.repeated.map(pagePath)),
      await load('profile page (1 connection)', profilePaths, 1),
      await load(`profile page (${many})`, profilePaths),
      await load(`home page (${many})`, ['/en/']),
      matchingFloorRow,
    ]
    const cookie = await signInCookie()
    const matchPaths = matchSlugs.map((slug) => `/api/v1/actors/${slug}/matches?kind=partners&limit=10`)
    rows.push(await load('matches API, top 10 partners (1 connection)', matchPaths, 1, { cookie }))
    rows.push(await load(`matches API, top 10 partners (${many})`, matchPaths, connections, { cookie }))
    const boxes = leipzigBoxes().map(bboxText)
    const mapPaths = {
      'geo/actors': boxes.map((b) => `/api/v1/geo/actors?bbox=${b}`),
      'geo/spaces': boxes.map((b) => `/api/v1/geo/spaces?bbox=${b}`),
      'geo/districts': boxes.map((b) => `/api/v1/geo/districts?bbox=${b}`),
    }
    const sizes = await responseSizes(Object.fromEntries(Object.entries(mapPaths).map(([k, v]) => [k, v[0]])))
    for (const [name, paths] of Object.entries(mapPaths)) {
      rows.push({ ...(await load(`map ${name}, Leipzig box (${many})`, paths)), bytes: sizes[name].bytes })
    }
    console.log('map responses for the first box:', sizes)
    // Like for like: the endpoint at one connection against the same statements at one connection, both never asked before.
    const ratio = rows[2].p50 / serviceFloor.p50
    console.table(
      rows.map((r) => ({ ...r, p50: +r.p50.toFixed(2), p95: +r.p95.toFixed(2), p99: +r.p99.toFixed(2) })),
    )
    console.log(`search API p50 / floor p50 (both one connection) = ${ratio.toFixed(2)}`)
    mkdirSync('bench/results', { recursive: true })
    const file = `bench/results/${new Date().toISOString().slice(0, 16).replace(/[:T]/g, '-')}-${engine}-${actors}.json`
    writeFileSync(
      file,
      JSON.stringify(
        { engine, actors, processes, spaces: spaceCount, connections, duration, rows, ratio, sizes },
        null,
        2,
      ),
    )
    console.log(`saved ${file}`)
  } finally {
    server.kill('SIGTERM')
    await new Promise((r) => server.once('exit', r))
    cleanup()
  }
}

main().catch((err) => {
  console.error(err)
  process.exit(1)
})
