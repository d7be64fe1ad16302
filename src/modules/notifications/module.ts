import type { Module } from '../../core/module'

export const notificationsModule: Module = {
  name: 'notifications',
}
