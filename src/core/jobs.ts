import type { PGlite } from '@electric-sql/pglite'
import { sql } from 'drizzle-orm'
import pg from 'pg'
import {
  type ConstructorOptions,
  type DrizzleTransactionLike,
  fromDrizzle,
  fromPglite,
  PgBoss,
} from 'pg-boss'
import type { Db } from './db/client'

/** Work that runs in the background, outside any request: a module defines it once, by name. */
export interface Job<T extends object> {
  name: string
  run(db: Db, data: T): Promise<void>
}

const jobs = new Map<string, Job<object>>()
const schedules = new Map<string, string>()

/** Declares a background job; every process that runs the queue works it. */
export function defineJob<T extends object>(name: string, run: (db: Db, data: T) => Promise<void>): Job<T> {
  const job = { name, run }
  jobs.set(name, job as Job<object>)
  return job
}

/**
 * Declares a job that runs on a schedule (cron, in UTC), e.g. `'0 6 * * *'` for every morning. pg-boss keeps
 * the schedule in the database and creates each occurrence once, however many processes run the queue.
 */
export function defineScheduledJob(name: string, cron: string, run: (db: Db) => Promise<void>): Job<object> {
  schedules.set(name, cron)
  return defineJob(name, (db) => run(db))
}

/**
 * pg-boss over the app's own database: the embedded PGlite through its adapter, a PostgreSQL pool's
 * connection string otherwise (a pool of its own, with LISTEN/NOTIFY).
 */
function bossOptions(db: Db): ConstructorOptions {
  const client = (db as unknown as { $client: unknown }).$client
  const common = { schedule: false, superviseIntervalSeconds: 60 } as const
  if (client instanceof pg.Pool) {
    return { ...common, connectionString: client.options.connectionString, max: 3 }
  }
  return { ...common, db: fromPglite(client as PGlite), backend: 'pglite' }
}

/** The job queue of one database: send in a transaction, work in the background, or run what is queued. */
export class JobQueue {
  constructor(
    private readonly db: Db,
    private readonly boss: PgBoss,
  ) {}

  /** Enqueues in the caller's transaction: a rolled-back transaction leaves no job. */
  async send<T extends object>(tx: Db, job: Job<T>, data: T): Promise<void> {
    await this.boss.send(job.name, data, { db: fromDrizzle(tx as unknown as DrizzleTransactionLike, sql) })
  }

  /**
   * Works every job in this process from now on; a failed job is retried by pg-boss. The schedules are
   * registered here, by the processes that work the queue, so that a test or a command that only sends or
   * runs queued jobs never finds a scheduled occurrence among them.
   */
  async work(): Promise<void> {
    for (const [name, cron] of schedules) await this.boss.schedule(name, cron, {}, { tz: 'UTC' })
    for (const job of jobs.values()) {
      await this.boss.work<object>(job.name, { pollingIntervalSeconds: 1 }, async ([item]) => {
        await job.run(this.db, item.data)
      })
    }
  }

  /** Runs every queued job now, one by one, until none is left; for tests and one-off commands. */
  async runQueued(): Promise<number> {
    let ran = 0
    for (const job of jobs.values()) {
      for (
        let [item] = await this.boss.fetch<object>(job.name);
        item;
        [item] = await this.boss.fetch(job.name)
      ) {
        try {
          await job.run(this.db, item.data)
          await this.boss.complete(job.name, item.id)
        } catch (err) {
          await this.boss.fail(job.name, item.id, {
            message: err instanceof Error ? err.message : String(err),
          })
        }
        ran += 1
      }
    }
    return ran
  }

  /** Lets running jobs finish (up to the timeout), then stops polling. */
  async stop(timeoutMs = 10_000): Promise<void> {
    queues.delete(this.db)
    await this.boss.stop({ graceful: true, timeout: timeoutMs })
  }
}

const queues = new Map<Db, Promise<JobQueue>>()

async function openQueue(db: Db): Promise<JobQueue> {
  // A first instance installs or migrates pg-boss's schema and creates the queues. pg-boss reads the queues
  // into a cache when it starts, so the instance that serves starts after them: a send inside a transaction
  // then never looks a queue up on another connection (PGlite has one, and the transaction holds it).
  const installer = new PgBoss({ ...bossOptions(db), supervise: false })
  installer.on('error', (err) => console.error('job queue:', err.message))
  await installer.start()
  for (const name of jobs.keys()) await installer.createQueue(name, { retryLimit: 2 })
  await installer.stop({ graceful: false })
  const boss = new PgBoss({ ...bossOptions(db), schedule: schedules.size > 0 })
  boss.on('error', (err) => console.error('job queue:', err.message))
  await boss.start()
  return new JobQueue(db, boss)
}

/**
 * The job queue of this database, started on first use in this process. Call it before opening the
 * transaction that sends: starting it runs statements of its own.
 */
export function jobQueue(db: Db): Promise<JobQueue> {
  let queue = queues.get(db)
  if (!queue) {
    queue = openQueue(db)
    queue.catch(() => queues.delete(db))
    queues.set(db, queue)
  }
  return queue
}
