import { describe, expect, it } from 'vitest'
import { versionedAnswers } from './cache'
import type { Db } from './db/client'

// The database is only the key the answers are kept under here; nothing is read from it.
const db = {} as Db

describe('versionedAnswers', () => {
  it('answers a question once per version, also when it is asked several times at once', async () => {
    const answers = versionedAnswers<{ n: number }>({ maxSize: 10, size: () => 1 })
    let reads = 0
    const read = async () => ({ n: ++reads })
    const [a, b] = await Promise.all([answers(db, 1, 'q', read), answers(db, 1, 'q', read)])
    expect([a.n, b.n, reads]).toEqual([1, 1, 1])
    expect((await answers(db, 1, 'q', read)).n).toBe(1)
    expect((await answers(db, 2, 'q', read)).n).toBe(2)
    expect((await answers(db, 2, 'other', read)).n).toBe(3)
  })

  it('keeps no failure, and lets large answers push older ones out', async () => {
    const answers = versionedAnswers<{ rows: number[] }>({ maxSize: 10, size: (a) => a.rows.length })
    await expect(answers(db, 1, 'q', () => Promise.reject(new Error('down')))).rejects.toThrow('down')
    expect((await answers(db, 1, 'q', async () => ({ rows: [1] }))).rows).toEqual([1])
    await answers(db, 1, 'big', async () => ({ rows: [1, 2, 3, 4, 5, 6, 7, 8, 9] }))
    // 'q' (1) and 'big' (9) fill the room; one more pushes the least recently used, 'q', out.
    await answers(db, 1, 'more', async () => ({ rows: [1] }))
    expect((await answers(db, 1, 'q', async () => ({ rows: [2] }))).rows).toEqual([2])
  })
})
