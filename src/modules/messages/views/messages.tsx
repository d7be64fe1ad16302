import type { FormState } from '../../../core/forms'
import type { I18n } from '../../../core/i18n'
import { Field, FormMessage, Notice } from '../../../core/views/components'
import { maxAttachments } from '../attachments'
import type { InboxEntry, Party, Thread, ThreadMessage } from '../service'

const when = (i18n: I18n, at: Date) => (
  <time datetime={at.toISOString()}>{i18n.date(at, { dateStyle: 'medium', timeStyle: 'short' })}</time>
)

const names = (parties: Party[]) => parties.map((p) => p.name).join(', ')

function fileSize(i18n: I18n, bytes: number) {
  const kilobytes = bytes / 1024
  return kilobytes < 1024
    ? i18n.number(Math.max(1, Math.round(kilobytes)), { style: 'unit', unit: 'kilobyte' })
    : i18n.number(kilobytes / 1024, { style: 'unit', unit: 'megabyte', maximumFractionDigits: 1 })
}

export function InboxPage(props: {
  conversations: InboxEntry[]
  hasOrganisation: boolean
  notice?: string
  i18n: I18n
}) {
  const { i18n, conversations } = props
  const { t, locale } = i18n
  return (
    <div class="page page--narrow messages">
      <h1>{t('messages.title')}</h1>
      <p class="lead">{t('messages.lead')}</p>
      <Notice text={props.notice} />
      {conversations.length === 0 ? (
        <div class="empty-state">
          <p>{t(props.hasOrganisation ? 'messages.empty' : 'messages.no_organisation')}</p>
          <p>
            <a href={`/${locale}/actors`}>{t('messages.to_directory')}</a>
          </p>
        </div>
      ) : (
        <ol class="inbox">
          {conversations.map((c) => (
            <li class={c.unread ? 'inbox__item inbox__item--unread' : 'inbox__item'}>
              <p class="inbox__meta">
                <span>{t('messages.with', { organisations: names(c.others) })}</span>
                {when(i18n, c.lastMessageAt)}
              </p>
              <h2 class="inbox__subject">
                <a href={`/${locale}/messages/${c.id}`}>{c.subject}</a>
                {c.unread > 0 && <span class="badge">{t('messages.unread', { count: c.unread })}</span>}
              </h2>
              {c.lastMessage && (
                <p class="inbox__excerpt">
                  {c.lastMessage.hidden
                    ? t('messages.removed')
                    : c.lastMessage.mine
                      ? t('messages.last_mine', { excerpt: c.lastMessage.excerpt ?? '' })
                      : c.lastMessage.excerpt}
                </p>
              )}
            </li>
          ))}
        </ol>
      )}
    </div>
  )
}

/** A report form in a disclosure under the message: works without script, opened again after an error. */
function ReportForm(props: { thread: Thread; message: ThreadMessage; state?: FormState; i18n: I18n }) {
  const { t, locale } = props.i18n
  return (
    <details class="message__report" open={props.state ? true : undefined}>
      <summary>{t('messages.report.open')}</summary>
      <form
        class="form"
        method="post"
        action={`/${locale}/messages/${props.thread.id}/messages/${props.message.id}/report`}
        novalidate
      >
        <FormMessage state={props.state} />
        <Field
          name="reason"
          idPrefix={`report-${props.message.id}`}
          label={t('messages.field.reason')}
          hint={t('messages.field.reason_hint')}
          state={props.state}
          required
          multiline
          maxlength={1000}
        />
        <button type="submit" class="button--danger">
          {t('messages.report.submit')}
        </button>
      </form>
    </details>
  )
}

function MessageItem(props: { thread: Thread; message: ThreadMessage; report?: FormState; i18n: I18n }) {
  const { thread, message: m, i18n } = props
  const { t, locale } = i18n
  return (
    <li class={m.mine ? 'message message--mine' : 'message'} id={`message-${m.id}`}>
      <p class="message__meta">
        <span class="message__author">
          {t('messages.written_by', {
            person: m.author ?? t('messages.former_member'),
            organisation: m.organisation.name,
          })}
          {m.mine && <span class="visually-hidden"> ({t('messages.thread.own_side')})</span>}
        </span>{' '}
        {when(i18n, m.createdAt)}
      </p>
      {m.hidden ? (
        <p class="message__removed">{t('messages.removed')}</p>
      ) : (
        <p class="message__body">{m.body}</p>
      )}
      {m.attachments.length > 0 && (
        <ul class="message__attachments">
          {m.attachments.map((a) => (
            <li>
              <a href={`/${locale}/messages/${thread.id}/attachments/${a.id}`} download={a.fileName}>
                {t('messages.attachment.download', { file: a.fileName, size: fileSize(i18n, a.size) })}
              </a>
            </li>
          ))}
        </ul>
      )}
      {m.reportable && <ReportForm thread={thread} message={m} state={props.report} i18n={i18n} />}
    </li>
  )
}

export function ThreadPage(props: {
  thread: Thread
  reply: FormState
  report?: { messageId: number; state: FormState }
  notice?: string
  i18n: I18n
}) {
  const { thread, reply, i18n } = props
  const { t, locale } = i18n
  const action = `/${locale}/messages/${thread.id}`
  return (
    <div class="page page--narrow messages">
      <p class="eyebrow">
        <a href={`/${locale}/messages`}>{t('messages.thread.back')}</a>
      </p>
      <h1>{thread.subject}</h1>
      <p class="muted">
        {t('messages.thread.parties')}{' '}
        {thread.parties.map((p, i) => (
          <>
            {i > 0 && ', '}
            <a href={`/${locale}/actors/${p.slug}`}>{p.name}</a>
          </>
        ))}
      </p>
      <Notice text={props.notice} />
      <ol class="thread">
        {thread.messages.map((m) => (
          <MessageItem
            thread={thread}
            message={m}
            report={props.report?.messageId === m.id ? props.report.state : undefined}
            i18n={i18n}
          />
        ))}
      </ol>
      <form
        class="form thread__reply"
        id="reply"
        method="post"
        action={action}
        enctype="multipart/form-data"
        novalidate
      >
        <h2>{t('messages.thread.reply')}</h2>
        <FormMessage state={reply} />
        {thread.writeAs.length > 1 && (
          <Field
            name="as"
            label={t('messages.field.as')}
            state={reply}
            required
            options={thread.writeAs.map((p) => ({ value: String(p.id), label: p.name }))}
          />
        )}
        <Field
          name="body"
          label={t('messages.field.body')}
          hint={t('messages.field.body_hint')}
          state={reply}
          required
          multiline
          maxlength={5000}
        />
        <AttachmentsField state={reply} i18n={i18n} />
        <button type="submit">{t('messages.thread.send')}</button>
      </form>
    </div>
  )
}

/** The file input of the reply form, wired like the other fields (label, hint, error). */
function AttachmentsField(props: { state: FormState; i18n: I18n }) {
  const { t } = props.i18n
  const error = props.state.errors.attachments
  const id = 'field-attachments'
  return (
    <div class={error ? 'field field--error' : 'field'}>
      <label for={id}>{t('messages.field.attachments')}</label>
      <p class="field__hint" id={`${id}-hint`}>
        {t('messages.field.attachments_hint', { max: maxAttachments })}
      </p>
      <input
        id={id}
        type="file"
        name="attachments"
        multiple
        accept=".pdf,.png,.jpg,.jpeg,.webp,.txt,.docx,.xlsx,.pptx"
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={[`${id}-hint`, error && `${id}-error`].filter(Boolean).join(' ')}
      />
      {error && (
        <p class="field__error" id={`${id}-error`}>
          {error}
        </p>
      )}
    </div>
  )
}

export function NewConversationPage(props: { to: Party; from: Party[]; state: FormState; i18n: I18n }) {
  const { to, from, state, i18n } = props
  const { t, locale } = i18n
  return (
    <div class="page page--narrow messages">
      <p class="eyebrow">
        <a href={`/${locale}/actors/${to.slug}`}>{to.name}</a>
      </p>
      <h1>{t('messages.new.title', { organisation: to.name })}</h1>
      <p class="lead">{t('messages.new.lead', { organisation: to.name })}</p>
      <form class="form" method="post" action={`/${locale}/messages/new?to=${to.slug}`} novalidate>
        <FormMessage state={state} />
        <p class="muted">{t('core.form.required_hint')}</p>
        <input type="hidden" name="to" value={to.slug} />
        {state.errors.to && (
          <p class="form-message" role="alert">
            {state.errors.to}
          </p>
        )}
        {from.length === 1 ? (
          <>
            <input type="hidden" name="from" value={String(from[0].id)} />
            <p>
              {t('messages.field.from')}: <strong>{from[0].name}</strong>
            </p>
          </>
        ) : (
          <Field
            name="from"
            label={t('messages.field.from')}
            state={state}
            required
            options={from.map((p) => ({ value: String(p.id), label: p.name }))}
          />
        )}
        <Field name="subject" label={t('messages.field.subject')} state={state} required maxlength={200} />
        <Field
          name="body"
          label={t('messages.field.body')}
          hint={t('messages.field.body_hint')}
          state={state}
          required
          multiline
          maxlength={5000}
        />
        <button type="submit">{t('messages.new.submit')}</button>
      </form>
    </div>
  )
}
