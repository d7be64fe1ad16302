import type { Module } from '../../core/module'
import { spacesApi } from './api'
import { loadSpacesDemo } from './demo'
import { spacesPages } from './pages'

export const spacesModule: Module = {
  name: 'spaces',
  api: spacesApi,
  pages: spacesPages,
  demo: (db) => loadSpacesDemo(db),
}
