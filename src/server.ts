import { serve } from '@hono/node-server'
import { createApp } from './app'
import { openDatabase, prepareDatabase, warmModules } from './bootstrap'
import { loadConfig } from './core/config'
import { lockDataDir } from './core/db/lock'
import { jobQueue } from './core/jobs'

async function main() {
  const config = loadConfig()
  const unlock = config.DATABASE_URL ? () => {} : lockDataDir(config.dataDir)
  const database = await openDatabase(config)
  const { demoLoaded } = await prepareDatabase(database, config)
  if (demoLoaded) console.log('Loaded the demo network into the empty database.')
  const jobs = await jobQueue(database.db)
  await jobs.work()
  for (const said of await warmModules(database)) console.log(said)
  const app = createApp(database.db, config)
  const server = serve({ fetch: app.fetch, port: config.PORT, hostname: config.HOST }, (info) => {
    const where = config.DATABASE_URL ? 'PostgreSQL' : `the embedded database in ${config.dataDir}`
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

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err)
  process.exit(1)
})
