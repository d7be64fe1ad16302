import { LRUCache } from 'lru-cache'
import type { Db } from './db/client'

/**
 * Answers kept per database by what was asked and the version of the data they were read from. Whoever
 * changes the data moves the version (a trigger, in the writer's transaction), so an answer is only found
 * again while the data it was read from stands, in every process; older ones age out. Several requests
 * asking the same at once share one answer.
 */
export function versionedAnswers<T extends {}>(max: number) {
  const caches = new WeakMap<Db, LRUCache<string, Promise<T>>>()
  return (db: Db, version: number, question: string, answer: () => Promise<T>): Promise<T> => {
    let cache = caches.get(db)
    if (!cache) {
      cache = new LRUCache({ max })
      caches.set(db, cache)
    }
    const key = `${version} ${question}`
    const found = cache.get(key)
    if (found) return found
    const answering = answer()
    cache.set(key, answering)
    // A failure is not an answer: the next request asks again.
    answering.catch(() => {
      if (cache.peek(key) === answering) cache.delete(key)
    })
    return answering
  }
}
