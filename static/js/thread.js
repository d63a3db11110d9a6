// A thread page: new comments arrive without a reload and are announced politely to screen
// readers. The page works without this file; it only adds what others write while it is open.
import '../vendor/socket.io/socket.io.min.js' // sets globalThis.io
import './compose.js'

const comments = document.getElementById('comments')
if (comments) markRead(comments, Math.max(0, ...[...document.querySelectorAll('article[data-number]')].map(a => Number(a.dataset.number))))
if (comments && globalThis.io) follow(comments)

// What this page showed when it loaded has been read: the "first unread" link moves on, and
// notifications about those posts are read too. A comment that arrives live stays unread (and
// its notification with it) until a page shows it again: it may have gone by unnoticed.
function markRead (box, number) {
  const token = document.querySelector('meta[name="csrf-token"]')
  if (!box.dataset.readUrl || !token || !number) return
  fetch(box.dataset.readUrl, {
    method: 'POST',
    headers: { 'X-CSRFToken': token.content, 'Content-Type': 'application/x-www-form-urlencoded' },
    body: `number=${number}`,
    credentials: 'same-origin'
  }).catch(() => {}) // a lost read mark costs nothing but a stale "first unread" link
}

function follow (box) {
  const thread = Number(box.dataset.thread)
  const page = Number(box.dataset.page)
  const me = box.dataset.member
  const mayReact = box.dataset.canReact === 'true'
  const mayComment = box.dataset.canComment === 'true'
  // The thread's author and moderators may do more with any comment than the live copy shows (it is
  // drawn for any reader in good standing): mark it helpful, hide it; so may a comment's own author.
  const redraws = box.dataset.redraw === 'true'
  const announcer = document.getElementById('live-announcer')
  const more = document.getElementById('live-more')
  const heading = document.getElementById('comment-count')
  const seen = new Set([...box.querySelectorAll('article[data-number]')].map(a => Number(a.dataset.number)))
  // The newest post number this page knows of; a (re)join asks for what came after it.
  let newest = Number(box.dataset.lastNumber) || 0
  let unseen = 0
  let pendingAnnouncements = []

  // WebSocket first: a WebSocket stays on the worker that accepted it, so several workers can share
  // a port without sticky sessions (README, Production). Long polling is the fallback for
  // networks that block WebSockets.
  const socket = globalThis.io('/threads', { transports: ['websocket', 'polling'], tryAllTransports: true })
  // Also after every reconnection: the server forgets rooms when a connection drops.
  socket.on('connect', () => {
    socket.emit('join', { thread, after: newest }, answer => {
      if (!answer || !answer.ok) return
      // Tells the page (and the browser tests) that comments from now on will arrive.
      box.dataset.live = 'joined'
      answer.missed.forEach(receive)
      if (answer.more) offer(null, 'New comments since you were disconnected — show', location.pathname + location.search)
    })
  })
  socket.on('comment', receive)
  socket.on('disconnect', () => { box.dataset.live = 'disconnected' })

  function receive (message) {
    if (message.thread !== thread || seen.has(message.number)) return
    seen.add(message.number)
    newest = Math.max(newest, message.number)
    count(1)
    if (message.page === page) {
      insert(message)
    } else {
      unseen += 1
      offer(message, `${unseen} new comment${unseen === 1 ? '' : 's'} — show`)
    }
    announce(`New comment from ${message.author}`)
  }

  function insert (message) {
    const template = document.createElement('template')
    template.innerHTML = message.html.trim() // drawn by the server from cleaned HTML
    const article = template.content.querySelector('article')
    if (!article) return
    fitToReader(article)
    // Posts are ordered by (position, number): a reply sits after its comment's earlier replies.
    const key = [message.position, message.number]
    const next = [...box.querySelectorAll('article[data-number]')].find(other =>
      before(key, [Number(other.dataset.position), Number(other.dataset.number)]))
    box.insertBefore(article, next || null)
    article.classList.add('community-post--new')
    if (message.own && (redraws || article.dataset.author === me)) redraw(article, message.own)
  }

  // Swap in the comment as the server draws it for this reader, with everything they may do.
  function redraw (article, url) {
    fetch(url, { credentials: 'same-origin', headers: { Accept: 'text/html' } })
      .then(response => response.ok ? response.text() : '')
      .then(html => {
        const template = document.createElement('template')
        template.innerHTML = html.trim()
        const fresh = template.content.querySelector('article')
        if (!fresh || !article.isConnected) return
        fresh.classList.add('community-post--new')
        article.replaceWith(fresh)
      })
      .catch(() => {}) // the any-reader version stays: a reload shows the rest
  }

  // The server draws a live comment for a reader who may react and reply; take away what this
  // reader may not do, and give its forms this session's CSRF token.
  function fitToReader (article) {
    const token = document.querySelector('meta[name="csrf-token"]')
    article.querySelectorAll('input[name="csrf_token"]').forEach(input => {
      input.value = token ? token.content : ''
    })
    if (!mayReact || article.dataset.author === me) {
      article.querySelectorAll('form.community-reactions').forEach(form => form.remove())
    }
    if (!mayComment) article.querySelectorAll('.community-reply-link').forEach(link => link.remove())
  }

  function offer (message, text, href) {
    const link = more.querySelector('a')
    if (href) link.href = href
    else if (unseen === 1 && message) link.href = message.url
    link.textContent = text
    more.hidden = false
  }

  function count (added) {
    if (!heading) return
    const total = Number(heading.dataset.count) + added
    heading.dataset.count = String(total)
    heading.textContent = `${total} comment${total === 1 ? '' : 's'}`
  }

  // Polite: read out when the reader pauses. Several at once are read as one announcement.
  function announce (text) {
    if (!announcer) return
    pendingAnnouncements.push(text)
    if (pendingAnnouncements.length > 1) return
    setTimeout(() => {
      announcer.textContent = pendingAnnouncements.join('. ')
      pendingAnnouncements = []
    }, 250)
  }
}

function before (a, b) {
  return a[0] < b[0] || (a[0] === b[0] && a[1] < b[1])
}
