import type { Module } from '../../core/module'
import { notificationsApi } from './api'
import './delivery'
import { notificationsPages } from './pages'

export const notificationsModule: Module = {
  name: 'notifications',
  api: notificationsApi,
  pages: notificationsPages,
}
