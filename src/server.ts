import cluster from 'node:cluster'
import { serve } from '@hono/node-server'
import { createApp } from './app'
import { openDatabase, prepareDatabase, warmModules } from './bootstrap'
import { type Config, loadConfig } from './core/config'
import { lockDataDir } from './core/db/lock'
import { jobQueue } from './core/jobs'

/** Migrates, installs reference data and loads the demo network: once, before any process serves. */
async function prepare(config: Config) {
  const database = await openDatabase(config)
  const { demoLoaded } = await prepareDatabase(database, config)
  if (demoLoaded) console.log('Loaded the demo network into the empty database.')
  return database
}

/** One process serving requests and running jobs, until SIGINT or SIGTERM. */
async function serveRequests(
  config: Config,
  database: Awaited<ReturnType<typeof prepare>>,
  unlock: () => void,
) {
  const jobs = await jobQueue(database.db)
  await jobs.work()
  for (const said of await warmModules(database)) console.log(said)
  const app = createApp(database.db, config)
  const server = serve({ fetch: app.fetch, port: config.PORT, hostname: config.HOST }, (info) => {
    const where = config.DATABASE_URL ? 'PostgreSQL' : `the embedded database in ${config.dataDir}`
    if (cluster.isPrimary || cluster.worker?.id === 1)
      console.log(`Creative Cities Network on ${config.publicUrl} (port ${info.port}, ${where})`)
  })
  let stopping = false
  const stop = async (signal: string) => {
    if (stopping) return
    stopping = true
    console.log(`${signal}: finishing open requests and closing the database`)
    // Requests still running get up to ten seconds, then running jobs up to five; the database closes last.
    const force = setTimeout(() => process.exit(1), 10_000)
    await new Promise((resolve) => server.close(resolve))
    await jobs.stop(5_000)
    await database.close()
    unlock()
    clearTimeout(force)
    process.exit(0)
  }
  process.on('SIGINT', () => void stop('SIGINT'))
  process.on('SIGTERM', () => void stop('SIGTERM'))
}

/**
 * PROCESSES > 1 (PostgreSQL only): this process prepares the database, then starts that many processes that
 * share the port, starts another when one dies, and passes SIGINT and SIGTERM on to them.
 */
function superviseProcesses(config: Config) {
  let stopping = false
  const restarts = new Set<NodeJS.Timeout>()
  const start = () => {
    let listened = false
    cluster
      .fork()
      .on('listening', () => {
        listened = true
      })
      .on('exit', (code, signal) => {
        if (stopping) return
        // One that dies before it serves (the database is down, say) is not started again in a tight loop.
        const delay = listened ? 1_000 : 30_000
        console.error(
          `A server process ended (${signal ?? `code ${code}`}); starting another in ${delay / 1000} s.`,
        )
        const restart = setTimeout(() => {
          restarts.delete(restart)
          if (!stopping) start()
        }, delay)
        restarts.add(restart)
      })
  }
  for (let i = 0; i < config.PROCESSES; i++) start()
  const stop = (signal: NodeJS.Signals) => {
    stopping = true
    for (const restart of restarts) clearTimeout(restart)
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill(signal)
  }
  process.on('SIGINT', () => stop('SIGINT'))
  process.on('SIGTERM', () => stop('SIGTERM'))
}

async function main() {
  const config = loadConfig()
  if (cluster.isWorker) return serveRequests(config, await openDatabase(config), () => {})
  const unlock = config.DATABASE_URL ? () => {} : lockDataDir(config.dataDir)
  const database = await prepare(config)
  if (config.PROCESSES === 1) return serveRequests(config, database, unlock)
  await database.close()
  superviseProcesses(config)
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err)
  process.exit(1)
})
