import { provideViewerFacts } from '../../core/auth'
import { selectManagedClusters } from './queries'

provideViewerFacts(async (db, person) => ({
  managedClusters: new Set((await selectManagedClusters(db, person.id)).map((m) => m.clusterId)),
}))
