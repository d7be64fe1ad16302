import { LRUCache } from 'lru-cache'
import type { Db } from './db/client'

/**
 * Answers kept per database by what was asked and the version of the data they were read from. Whoever
 * changes the data moves the version (a trigger, in the writer's transaction), so an answer is only found
 * again while the data it was read from stands, in every process; older ones age out. Several requests
 * asking the same at once share one answer; a failure is not kept. `size` weighs an answer against
 * `maxSize`, so that large answers take more room.
 */
export function versionedAnswers<T extends {}>(options: { maxSize: number; size: (answer: T) => number }) {
  const caches = new WeakMap<Db, LRUCache<string, T, () => Promise<T>>>()
  return async (db: Db, version: number, question: string, answer: () => Promise<T>): Promise<T> => {
    let cache = caches.get(db)
    if (!cache) {
      cache = new LRUCache({
        maxSize: options.maxSize,
        // While an answer is being read, the cache holds its promise in its place.
        sizeCalculation: (value) =>
          value instanceof Promise ? 1 : Math.max(1, Math.ceil(options.size(value))),
        fetchMethod: (_key, _stale, { context }) => context(),
        // An answer pushed out while it was being read is still the answer to the requests waiting for it.
        ignoreFetchAbort: true,
      })
      caches.set(db, cache)
    }
    // Never empty: fetchMethod always answers (or throws) and aborts are ignored.
    return (await cache.fetch(`${version} ${question}`, { context: answer }))!
  }
}
