import type { Module } from '../../core/module'
import { opportunitiesApi } from './api'
import { loadOpportunitiesDemo } from './demo'
import { opportunitiesPages } from './pages'

export const opportunitiesModule: Module = {
  name: 'opportunities',
  api: opportunitiesApi,
  pages: opportunitiesPages,
  demo: (db) => loadOpportunitiesDemo(db),
}
