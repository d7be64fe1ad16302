import { type ChildProcess, spawn } from 'node:child_process'
import { createServer } from 'node:net'
import { fileURLToPath } from 'node:url'
import { afterAll } from 'vitest'
import { testConfig } from './database'

const root = fileURLToPath(new URL('../..', import.meta.url))

const freePort = () =>
  new Promise<number>((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number }
      probe.close(() => resolve(port))
    })
  })

/** The PostgreSQL connection string of a test database (PostgreSQL runs only). */
export const databaseUrlOf = (db: unknown) =>
  (db as { $client: { options: { connectionString: string } } }).$client.options.connectionString

/**
 * The real server (`src/server.ts`) in processes of its own over a test's PostgreSQL database, stopped with
 * SIGTERM after the file's tests. `env` adds to or overrides the test configuration.
 */
export function useServers() {
  const children: ChildProcess[] = []
  afterAll(() => Promise.all(children.map((child) => stopServer(child))))

  return async function startServer(databaseUrl: string, env: Record<string, string> = {}) {
    const port = await freePort()
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
      cwd: root,
      env: {
        ...process.env,
        DATABASE_URL: databaseUrl,
        PORT: String(port),
        HOST: '127.0.0.1',
        PUBLIC_URL: testConfig.publicUrl,
        AUTH_SECRET: testConfig.AUTH_SECRET,
        DATA_DIR: testConfig.dataDir,
        DEMO_DATA: 'false',
        NODE_ENV: 'development',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    children.push(child)
    let log = ''
    child.stdout?.on('data', (chunk) => {
      log += chunk
    })
    child.stderr?.on('data', (chunk) => {
      log += chunk
    })
    for (let tries = 0; ; tries += 1) {
      if (child.exitCode !== null) throw new Error(`server stopped:\n${log}`)
      if (tries > 240) throw new Error(`server did not start:\n${log}`)
      const ready = await fetch(`http://127.0.0.1:${port}/healthz`).then(
        (r) => r.ok,
        () => false,
      )
      if (ready)
        return { child, url: `http://127.0.0.1:${port}`, log: () => log, stop: () => stopServer(child) }
      await new Promise((r) => setTimeout(r, 250))
    }
  }
}

/** SIGTERM, then the process's own end. */
const stopServer = (child: ChildProcess) =>
  new Promise<number | null>((resolve) => {
    if (child.exitCode !== null) return resolve(child.exitCode)
    child.once('exit', (code) => resolve(code))
    child.kill('SIGTERM')
  })
