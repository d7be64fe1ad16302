import type { Db } from '../../core/db/client'
import { conversationParties, conversations, messages } from './schema'

export interface NewConversation {
  /** The two organisations (actor ids). */
  parties: [number, number]
  subject: string
  /** What it came from, e.g. `{ type: 'interest', id: '12' }`. */
  origin?: { type: string; id: string }
  /** The first message, written by one of the parties. */
  first?: { actorId: number; userId: string | null; body: string }
}

/** Opens a conversation between two organisations in the caller's transaction; returns its id. */
export async function openConversation(tx: Db, input: NewConversation): Promise<number> {
  const [conversation] = await tx
    .insert(conversations)
    .values({ subject: input.subject, originType: input.origin?.type, originId: input.origin?.id })
    .returning({ id: conversations.id })
  await tx
    .insert(conversationParties)
    .values(input.parties.map((actorId) => ({ conversationId: conversation!.id, actorId })))
  if (input.first) await tx.insert(messages).values({ conversationId: conversation!.id, ...input.first })
  return conversation!.id
}
