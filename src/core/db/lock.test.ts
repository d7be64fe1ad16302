import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { lockDataDir } from './lock'

const dirs: string[] = []
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'ccn-lock-'))
  dirs.push(dir)
  return dir
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

describe('lockDataDir', () => {
  it('refuses a second holder while the first is alive, with a message that says what to do', () => {
    const dir = tempDir()
    const unlock = lockDataDir(dir)
    expect(() => lockDataDir(dir)).toThrow(/in use by another process.*DATA_DIR/s)
    unlock()
    lockDataDir(dir)()
  })

  it('takes over a lock left by a process that has gone', async () => {
    const dir = tempDir()
    const child = spawn(process.execPath, ['-e', ''])
    const pid = child.pid!
    await new Promise((resolve) => child.on('exit', resolve))
    writeFileSync(join(dir, 'server.lock'), String(pid))
    const unlock = lockDataDir(dir)
    expect(readFileSync(join(dir, 'server.lock'), 'utf8')).toBe(String(process.pid))
    unlock()
  })
})
