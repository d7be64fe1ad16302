import type { Module } from '../../core/module'
import { organisationsApi } from './api'
import { loadDemoOrganisations } from './demo'
import { organisationsPages } from './pages'

export const organisationsModule: Module = {
  name: 'organisations',
  api: organisationsApi,
  pages: organisationsPages,
  demo: (db) => loadDemoOrganisations(db),
}
