import type { OpenAPIHono } from '@hono/zod-openapi'
import type { Hono } from 'hono'
import type { Config } from './config'
import type { Db } from './db/client'
import type { AppEnv } from './http'

export interface DemoOptions {
  /** Number of generated actors; the benchmark asks for many more than the demo network's ~300. */
  actors: number
  seed: number
}

/** What a capability registers with the core: its API, its pages and its data. */
export interface Module {
  name: string
  api?(api: OpenAPIHono<AppEnv>): void
  pages?(app: Hono<AppEnv>): void
  /** Reference data every installation has (cities, sectors, taxonomy); idempotent, runs at every start. */
  install?(db: Db, config: Config): Promise<void>
  /** Demo data, loaded once into an empty database when demo data is on. */
  demo?(db: Db, options: DemoOptions): Promise<void>
  /** What a server process reads into memory before it takes requests; says what it read. */
  warm?(db: Db): Promise<string>
}
