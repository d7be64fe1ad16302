import { spawn } from 'node:child_process'
import { mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'

const root = fileURLToPath(new URL('..', import.meta.url))
const base = mkdtempSync(join(tmpdir(), 'ccn-secret-'))
afterAll(() => rmSync(base, { recursive: true, force: true }))
const rounds = 40

/**
 * authSecret in a process of its own, as each of several server processes calls it at start: in each round, for
 * a data directory of that round, at the same moment as the other processes (a spin until then).
 */
const secretsOfProcess = (start: number) =>
  new Promise<string[]>((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        '-e',
        `import('./src/modules/accounts/auth.ts').then(({ authSecret }) => {
          for (let round = 0; round < ${rounds}; round++) {
            while (Date.now() < ${start} + round * 25);
            console.log(authSecret({ dataDir: ${JSON.stringify(base)} + '/' + round }))
          }
        })`,
      ],
      { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] },
    )
    let out = ''
    child.stdout.on('data', (chunk) => {
      out += chunk
    })
    child.on('exit', (code) =>
      code === 0 ? resolve(out.trim().split('\n')) : reject(new Error(`exit ${code}`)),
    )
  })

describe('the signing secret kept in the data directory', () => {
  it('is one secret for processes that make it at the same moment, and stays the same', async () => {
    const start = Date.now() + 8_000
    const secrets = await Promise.all(Array.from({ length: 4 }, () => secretsOfProcess(start)))
    for (let round = 0; round < rounds; round++) {
      const made = secrets.map((s) => s[round])
      expect(made[0]).toMatch(/^[\w-]{43}$/)
      expect(new Set(made).size, `round ${round}`).toBe(1)
      // Only the secret is left: no process's own file stays behind.
      expect(readdirSync(join(base, String(round)))).toEqual(['auth-secret'])
    }
    expect((await secretsOfProcess(0))[7]).toBe(secrets[0][7])
  }, 60_000)
})
