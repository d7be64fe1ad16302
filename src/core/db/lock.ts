import { closeSync, mkdirSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs'
import { join } from 'node:path'

/**
 * PGlite does not lock its data directory, and two processes on one directory silently lose writes.
 * Takes an exclusive lock file; a lock left by a process that is gone is taken over.
 */
export function lockDataDir(dataDir: string): () => void {
  mkdirSync(dataDir, { recursive: true })
  const lockPath = join(dataDir, 'server.lock')
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lockPath, 'wx')
      writeSync(fd, String(process.pid))
      closeSync(fd)
      return () => {
        try {
          unlinkSync(lockPath)
        } catch {}
      }
    } catch (err: any) {
      if (err.code !== 'EEXIST') throw err
      const pid = Number(readFileSync(lockPath, 'utf8'))
      if (pid && isAlive(pid)) {
        throw new Error(
          `The data directory ${dataDir} is in use by another process (pid ${pid}). ` +
            'Stop it first, or set DATA_DIR to another directory, or DATABASE_URL to a PostgreSQL server.',
        )
      }
      unlinkSync(lockPath)
    }
  }
  throw new Error(`Could not lock ${dataDir}`)
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (err: any) {
    return err.code === 'EPERM'
  }
}
