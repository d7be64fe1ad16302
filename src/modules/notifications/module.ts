import type { Module } from '../../core/module'
import { notificationsApi } from './api'
// The e-mail jobs are defined when the module loads, so every process that runs the queue knows them.
import './delivery'
import { notificationsPages } from './pages'

export const notificationsModule: Module = {
  name: 'notifications',
  api: notificationsApi,
  pages: notificationsPages,
}
