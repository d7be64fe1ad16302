import { and, eq, inArray, like, sql } from 'drizzle-orm'
import { afterAll, describe, expect, it } from 'vitest'
import { useTestApp } from '../../../test/support/app'
import { testEngine } from '../../../test/support/database'
import { databaseUrlOf, useServers } from '../../../test/support/server'
import { rows } from '../../core/db/client'
import { jobQueue } from '../../core/jobs'
import { users } from '../accounts/schema'
import { outbox } from '../mail/schema'
import { dailyDigestJob, deliverNotificationsJob } from './delivery'
import { notificationPreferences, notifications } from './schema'
import { notify } from './service'

const t = useTestApp()
const startServer = useServers()
let queueOpened = false

afterAll(async () => {
  if (queueOpened) await (await jobQueue(t.db)).stop(1000)
})

const unfinished = async (names: string[]) =>
  Number(
    (
      await rows<{ n: string }>(
        t.db,
        sql`SELECT count(*) AS n FROM pgboss.job WHERE name IN ${names} AND state NOT IN ('completed', 'failed', 'cancelled')`,
        { prepare: false },
      )
    )[0].n,
  )

describe('exactly once with two app processes', () => {
  it.skipIf(testEngine() === 'pglite')(
    'mails every notification once, at once and in digests, with two servers working the queue (PostgreSQL only: PGlite is one process)',
    async () => {
      const databaseUrl = databaseUrlOf(t.db)
      const people = await t.db
        .select({ id: users.id, email: users.email })
        .from(users)
        .orderBy(users.id)
        .limit(24)
      const digestReaders = people.filter((_, i) => i % 2 === 1)
      await t.db.insert(notificationPreferences).values(
        digestReaders.flatMap((p) => [
          { userId: p.id, kind: 'messages.new_message', email: 'daily' as const },
          { userId: p.id, kind: 'messages.message_reported', email: 'daily' as const },
        ]),
      )
      const stamp = `P${Date.now()}`
      await t.db.transaction(async (tx) => {
        for (const [i, p] of people.entries()) {
          for (const kind of ['messages.new_message', 'messages.message_reported']) {
            await notify(
              tx,
              { userIds: [p.id] },
              {
                kind,
                values: { organisation: `${stamp}-${i}-${kind}#`, subject: 'x', city: 'y' },
                link: `/messages/${i}`,
              },
            )
          }
        }
      })
      const ours = await t.db
        .select()
        .from(notifications)
        .where(like(sql`${notifications.values}->>'organisation'`, `${stamp}-%`))
      expect(ours).toHaveLength(people.length * 2)

      const servers = [await startServer(databaseUrl), await startServer(databaseUrl)]
      const names = [deliverNotificationsJob.name, dailyDigestJob.name]
      const queue = await jobQueue(t.db)
      queueOpened = true
      await t.db.transaction(async (tx) => {
        for (let i = 0; i < 4; i += 1) {
          await queue.send(tx, deliverNotificationsJob, {})
          await queue.send(tx, dailyDigestJob, {})
        }
      })
      for (let waited = 0; (await unfinished(names)) > 0; waited += 1) {
        if (waited > 240) throw new Error('the jobs did not finish')
        await new Promise((r) => setTimeout(r, 250))
      }
      expect(
        Number(
          (
            await rows<{ n: string }>(
              t.db,
              sql`SELECT count(*) AS n FROM pgboss.job WHERE name IN ${names} AND state = 'failed'`,
              { prepare: false },
            )
          )[0].n,
        ),
      ).toBe(0)

      // Every notification was mailed, each in exactly one e-mail.
      const mailed = await t.db
        .select()
        .from(notifications)
        .where(
          inArray(
            notifications.id,
            ours.map((n) => n.id),
          ),
        )
      expect(mailed.filter((n) => n.mailedAt === null)).toEqual([])
      const mails = await t.db
        .select()
        .from(outbox)
        .where(like(outbox.body, `%${stamp}-%`))
      for (const n of ours) {
        const marker = String(n.values.organisation)
        expect(mails.filter((m) => m.body.includes(marker)).length, marker).toBe(1)
      }
      // At once: one e-mail per notification; daily: one digest per person, holding both.
      for (const p of people) {
        const own = mails.filter((m) => m.recipient === p.email)
        expect(own.map((m) => m.kind).sort(), p.email).toEqual(
          digestReaders.includes(p)
            ? ['notifications.digest_daily']
            : ['messages.message_reported', 'messages.new_message'],
        )
      }
      const digests = await t.db
        .select()
        .from(outbox)
        .where(
          and(
            eq(outbox.kind, 'notifications.digest_daily'),
            inArray(
              outbox.recipient,
              digestReaders.map((p) => p.email),
            ),
          ),
        )
      expect(digests).toHaveLength(digestReaders.length)
      // The servers wrote them: each logs the e-mails it keeps.
      const mailedBy = (log: string) => (log.match(/kept in the outbox/g) ?? []).length
      expect(servers.map((s) => mailedBy(s.log())).reduce((a, b) => a + b)).toBeGreaterThanOrEqual(
        mails.length,
      )
    },
    180_000,
  )
})
