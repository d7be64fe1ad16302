import { afterAll, beforeAll } from 'vitest'
import { createApp } from '../../src/app'
import { anonymousViewer, type Viewer } from '../../src/core/auth'
import type { Ctx } from '../../src/core/http'
import { i18nFor, type Locale } from '../../src/core/i18n'
import { openTestDatabase, testConfig } from './database'

/** The real app over a fresh copy of the demo database, for the tests of one file. */
export function useTestApp() {
  const state = {} as {
    database: Awaited<ReturnType<typeof openTestDatabase>>
    app: ReturnType<typeof createApp>
  }
  beforeAll(async () => {
    state.database = await openTestDatabase()
    state.app = createApp(state.database.db, testConfig)
  })
  afterAll(async () => {
    await state.database?.drop()
  })
  return {
    get app() {
      return state.app
    },
    get db() {
      return state.database.db
    },
    ctx(locale: Locale = 'en', viewer: Viewer = anonymousViewer()): Ctx {
      return { db: state.database.db, config: testConfig, i18n: i18nFor(locale), requestId: 'test', viewer }
    },
    request: (path: string, init?: RequestInit) => state.app.request(path, init),
  }
}
