import { resolve } from 'node:path'
import { z } from 'zod'

const booleanFlag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes')

const configSchema = z.object({
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  /** Behind a reverse proxy: take the client's address from X-Forwarded-For (for rate limits). */
  TRUST_PROXY: booleanFlag.default(false),
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }).optional(),
  /** Server processes sharing the port, one per core; more than one needs DATABASE_URL. */
  PROCESSES: z.coerce.number().int().min(1).max(64).default(1),
  DATA_DIR: z.string().default('./data'),
  PUBLIC_URL: z.url().optional(),
  /** Off by default when NODE_ENV=production: demo accounts have a published password. */
  DEMO_DATA: booleanFlag.optional(),
  NODE_ENV: z.string().optional(),
  /** Signs session cookies; every app process of one installation needs the same one. */
  AUTH_SECRET: z.string().min(32).optional(),
  /** Where e-mail goes, e.g. smtp://user:pass@mail.example.org:587; without it, to the admin's outbox. */
  SMTP_URL: z.url({ protocol: /^smtps?$/ }).optional(),
  MAIL_FROM: z.string().default('Creative Cities Network <no-reply@localhost>'),
  MAP_TILE_URL: z.string().default('https://tile.openstreetmap.org/{z}/{x}/{y}.png'),
  MAP_TILE_ATTRIBUTION: z
    .string()
    .default('&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors'),
})

export type Config = Omit<z.infer<typeof configSchema>, 'DEMO_DATA'> & {
  DEMO_DATA: boolean
  publicUrl: string
  dataDir: string
}

/** Reads the environment once; stops the process with a readable message when a value is wrong. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = configSchema.safeParse(Object.fromEntries(Object.entries(env).filter(([, v]) => v !== '')))
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`)
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`)
  }
  const c = parsed.data
  if (c.PROCESSES > 1 && !c.DATABASE_URL)
    throw new Error(
      'Invalid configuration:\n  PROCESSES: more than one process needs DATABASE_URL (the embedded database serves one process)',
    )
  return {
    ...c,
    DEMO_DATA: c.DEMO_DATA ?? c.NODE_ENV !== 'production',
    dataDir: resolve(c.DATA_DIR),
    publicUrl: (c.PUBLIC_URL ?? `http://localhost:${c.PORT}`).replace(/\/$/, ''),
  }
}
