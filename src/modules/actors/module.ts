import type { Module } from '../../core/module'
import { listClusters, listDistricts } from '../network/service'
import { getTaxonomy } from '../taxonomy/service'
import { actorsApi } from './api'
import { generateActors } from './demo'
import { actorsPages } from './pages'
import { insertActors, prepareDirectoryIndex } from './service'

export const actorsModule: Module = {
  name: 'actors',
  api: actorsApi,
  pages: actorsPages,
  async demo(db, options) {
    const ctx = { db }
    const [clusters, districts, taxonomy] = await Promise.all([
      listClusters(ctx),
      listDistricts(ctx),
      getTaxonomy(ctx),
    ])
    const actors = generateActors({
      count: options.actors,
      seed: options.seed,
      cities: clusters.map((c) => ({ ...c, districts: districts.filter((d) => d.clusterId === c.id) })),
      sectors: taxonomy.sectors.map((s) => s.id),
      capabilities: taxonomy.capabilities,
    })
    await insertActors(db, actors)
  },
  async warm(db) {
    const started = performance.now()
    const { actors } = await prepareDirectoryIndex(db)
    return `Read the directory's search index: ${actors} actors in ${Math.round(performance.now() - started)} ms.`
  },
}
