import type { Module } from '../../core/module'
import { messagesApi } from './api'
import { loadMessagesDemo } from './demo'
import { messagesPages } from './pages'

export const messagesModule: Module = {
  name: 'messages',
  api: messagesApi,
  pages: messagesPages,
  demo: (db) => loadMessagesDemo(db),
}
