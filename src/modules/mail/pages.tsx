import type { Hono } from 'hono'
import { type AppEnv, localePath, renderPage } from '../../core/http'
import { listOutbox } from './service'

export function mailPages(app: Hono<AppEnv>) {
  app.get(`${localePath}/admin/outbox`, async (c) => {
    const ctx = c.get('ctx')
    const mails = await listOutbox(ctx)
    const { t } = ctx.i18n
    return renderPage(
      c,
      { title: t('mail.outbox.title') },
      <div class="page outbox">
        <h1>{t('mail.outbox.title')}</h1>
        <p class="lead">{t('mail.outbox.help')}</p>
        {mails.length === 0 ? (
          <p>{t('mail.outbox.empty')}</p>
        ) : (
          <ol class="plain-list">
            {mails.map((m) => (
              <li>
                <details class="card outbox__mail">
                  <summary>
                    <strong>{m.subject}</strong> · {t('mail.outbox.to')} {m.recipient} ·{' '}
                    <time datetime={m.createdAt.toISOString()}>
                      {ctx.i18n.date(m.createdAt, { dateStyle: 'medium', timeStyle: 'short' })}
                    </time>
                  </summary>
                  <pre lang={m.locale}>{m.body}</pre>
                </details>
              </li>
            ))}
          </ol>
        )}
      </div>,
    )
  })
}
