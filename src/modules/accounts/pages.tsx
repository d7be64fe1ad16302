import type { Hono } from 'hono'
import type { AppEnv } from '../../core/http'
export function accountsPages(_app: Hono<AppEnv>) {}
