import type { Module } from '../../core/module'
import { connectionsApi } from './api'
import { loadConnectionsDemo } from './demo'
import { connectionsPages } from './pages'

export const connectionsModule: Module = {
  name: 'connections',
  api: connectionsApi,
  pages: connectionsPages,
  demo: loadConnectionsDemo,
}
