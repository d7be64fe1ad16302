import type { Module } from '../../core/module'

export const messagesModule: Module = {
  name: 'messages',
}
