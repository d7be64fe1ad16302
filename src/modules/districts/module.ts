import type { Module } from '../../core/module'
import { districtsApi } from './api'
import { loadDistrictsDemo } from './demo'
import { districtsPages } from './pages'

export const districtsModule: Module = {
  name: 'districts',
  api: districtsApi,
  pages: districtsPages,
  demo: (db) => loadDistrictsDemo(db),
}
