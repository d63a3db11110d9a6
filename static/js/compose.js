// Writing a thread or a comment: a draft that survives a reload, and a Markdown preview.
//
// Drafts: a form with data-draft="<key>" keeps what is typed in localStorage, one entry per
// field ("community:draft:<key>:<field>"). A reload puts it back into empty fields. A failed
// submission comes back from the server with what was typed, which then becomes the draft. The
// draft is forgotten only when the server says the post went through: the page it redirects to
// carries data-draft-sent="<key>".
//
// Preview: a form with data-preview="<url>" gets a Preview button under its body; the server
// turns the Markdown into the same cleaned HTML a post would store.

const PREFIX = 'community:draft:'
const SKIPPED = new Set(['hidden', 'submit', 'button', 'reset', 'password', 'file'])
let previews = 0 // numbers the preview panels on a page

const store = localStore()
if (store) {
  document.querySelectorAll('[data-draft-sent]').forEach(el => forget(el.dataset.draftSent))
  document.querySelectorAll('form[data-draft]').forEach(keepDraft)
}
document.querySelectorAll('form[data-preview]').forEach(addPreview)

function localStore () {
  try {
    const storage = window.localStorage
    storage.getItem(PREFIX) // throws where storage is blocked
    return storage
  } catch {
    return null
  }
}

function forget (key) {
  const prefix = `${PREFIX}${key}:`
  Object.keys(store).filter(name => name.startsWith(prefix)).forEach(name => store.removeItem(name))
}

// Fields by name; checkboxes of one name are one field holding the list of ticked values.
function fieldsOf (form) {
  const fields = new Map()
  for (const element of form.elements) {
    if (!element.name || SKIPPED.has(element.type) || element.name === 'csrf_token') continue
    if (!fields.has(element.name)) fields.set(element.name, [])
    fields.get(element.name).push(element)
  }
  return fields
}

function read (elements) {
  if (elements[0].type === 'checkbox' || elements[0].type === 'radio') {
    return elements.filter(e => e.checked).map(e => e.value)
  }
  return elements[0].value
}

function isEmpty (value) {
  return Array.isArray(value) ? value.length === 0 : value.trim() === ''
}

function write (elements, value) {
  if (elements[0].type === 'checkbox' || elements[0].type === 'radio') {
    elements.forEach(e => { e.checked = value.includes(e.value) })
  } else {
    elements[0].value = value
  }
}

function keepDraft (form) {
  const key = form.dataset.draft
  const fields = fieldsOf(form)
  const entry = name => `${PREFIX}${key}:${name}`
  const save = () => {
    for (const [name, elements] of fields) {
      const value = read(elements)
      if (isEmpty(value)) store.removeItem(entry(name))
      else store.setItem(entry(name), JSON.stringify(value))
    }
  }
  if (form.querySelector('.nhsuk-error-message')) {
    save() // a failed submission: the server's copy is what was typed
  } else {
    for (const [name, elements] of fields) {
      const saved = store.getItem(entry(name))
      if (saved === null || !isEmpty(read(elements))) continue
      try {
        write(elements, JSON.parse(saved))
      } catch {
        store.removeItem(entry(name))
      }
    }
  }
  let timer = null
  const later = () => { clearTimeout(timer); timer = setTimeout(save, 300) }
  form.addEventListener('input', later)
  form.addEventListener('change', later)
  window.addEventListener('pagehide', () => { clearTimeout(timer); save() })
}

function addPreview (form) {
  const body = form.querySelector('textarea[name="body"]')
  if (!body) return
  previews += 1
  const id = `preview-${previews}`
  const button = document.createElement('button')
  button.type = 'button'
  button.className = 'nhsuk-button nhsuk-button--secondary nhsuk-button--small community-preview-button'
  button.setAttribute('aria-controls', id)
  button.setAttribute('aria-expanded', 'false')
  button.textContent = 'Preview'
  const panel = document.createElement('section')
  panel.id = id
  panel.className = 'community-preview'
  panel.hidden = true
  panel.setAttribute('aria-label', 'Preview')
  panel.innerHTML = '<p class="nhsuk-body-s community-muted community-preview__label">Preview: how your post will look</p>' +
    '<div class="community-prose"></div>' // not a live region: it would re-read at every pause
  const content = panel.querySelector('.community-prose')
  const group = body.closest('.nhsuk-form-group') || body
  group.after(button, panel)

  let timer = null
  const show = async () => {
    content.textContent = 'Loading the preview…'
    try {
      content.innerHTML = await render(form.dataset.preview, body.value) // cleaned by the server
    } catch (error) {
      content.textContent = error.message
    }
  }
  button.addEventListener('click', () => {
    const open = button.getAttribute('aria-expanded') !== 'true'
    button.setAttribute('aria-expanded', String(open))
    button.textContent = open ? 'Hide preview' : 'Preview'
    panel.hidden = !open
    if (open) show()
  })
  // While the preview is open it follows the text, a moment after typing stops.
  body.addEventListener('input', () => {
    if (panel.hidden) return
    clearTimeout(timer)
    timer = setTimeout(show, 800)
  })
}

async function render (url, text) {
  const token = document.querySelector('meta[name="csrf-token"]')
  const response = await fetch(url, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'X-CSRFToken': token ? token.content : '', Accept: 'application/json' },
    body: new URLSearchParams({ body: text })
  })
  let answer = {}
  try {
    answer = await response.json()
  } catch {}
  if (!response.ok) throw new Error(answer.error || 'The preview is not available just now. Your text is safe.')
  return answer.html || '<p class="community-muted">Nothing to preview yet.</p>'
}
