// @mention suggestions for textareas marked data-mentions.
//
// Typing @ and two or more letters of a name asks /members/suggest?q=... and shows up to eight
// members in a listbox under the textarea. Arrow keys move through it, Enter or Tab picks, Escape
// closes; the pointer works too. Picking writes the mention syntax the server understands,
// `@[Display Name](member id)` (see community/content.py), which becomes a link to the profile
// when the post is saved. Without JavaScript a person can type the syntax themselves.
//
// The textarea is the combobox (ARIA 1.2 pattern: focus stays in the textarea, the highlighted
// option is aria-activedescendant). Delegated listeners, so textareas added later work too.

const MIN_LETTERS = 2
const DELAY_MS = 150
// "@" at the start or after a space or punctuation, then a name: one word, maybe the start of a second.
const TRIGGER = /(?:^|[^\p{L}\p{N}_\\@])@([\p{L}\p{N}][\p{L}\p{N}'’.-]*(?: [\p{L}\p{N}'’.-]*)?)$/u

let counter = 0
const states = new WeakMap()

document.addEventListener('input', event => {
  const textarea = mentionable(event.target)
  if (textarea) suggest(textarea)
})
document.addEventListener('keydown', event => {
  const textarea = mentionable(event.target)
  if (textarea) onKey(textarea, event)
})
document.addEventListener('focusout', event => {
  const textarea = mentionable(event.target)
  if (textarea) setTimeout(() => { if (document.activeElement !== textarea) close(textarea) }, 150)
})
document.querySelectorAll('textarea[data-mentions]').forEach(prepare)

function mentionable (element) {
  if (!(element instanceof HTMLTextAreaElement) || !element.hasAttribute('data-mentions')) return null
  prepare(element)
  return element
}

function prepare (textarea) {
  if (states.has(textarea)) return states.get(textarea)
  counter += 1
  const id = `mentions-${counter}`
  const listbox = document.createElement('ul')
  listbox.id = `${id}-list`
  listbox.className = 'community-mentions'
  listbox.setAttribute('role', 'listbox')
  listbox.setAttribute('aria-label', 'People you can mention')
  listbox.hidden = true
  const status = document.createElement('div')
  status.className = 'nhsuk-u-visually-hidden'
  status.setAttribute('role', 'status')
  textarea.insertAdjacentElement('afterend', listbox)
  listbox.insertAdjacentElement('afterend', status)
  textarea.setAttribute('role', 'combobox')
  textarea.setAttribute('aria-autocomplete', 'list')
  textarea.setAttribute('aria-haspopup', 'listbox')
  textarea.setAttribute('aria-controls', listbox.id)
  textarea.setAttribute('aria-expanded', 'false')
  listbox.addEventListener('mousedown', event => event.preventDefault()) // keep focus in the textarea
  listbox.addEventListener('click', event => {
    const option = event.target.closest('[role="option"]')
    if (option) pick(textarea, Number(option.dataset.index))
  })
  const state = { id, listbox, status, people: [], active: -1, query: null, start: -1, timer: null, request: null }
  states.set(textarea, state)
  return state
}

function typedMention (textarea) {
  if (textarea.selectionStart !== textarea.selectionEnd) return null
  const before = textarea.value.slice(0, textarea.selectionStart)
  const match = TRIGGER.exec(before)
  if (!match || match[1].trim().length < MIN_LETTERS) return null
  return { query: match[1].trim(), start: before.length - match[1].length - 1 }
}

function suggest (textarea) {
  const state = prepare(textarea)
  const typed = typedMention(textarea)
  clearTimeout(state.timer)
  if (!typed) {
    close(textarea)
    return
  }
  state.start = typed.start
  if (typed.query === state.query && !state.listbox.hidden) return
  state.timer = setTimeout(() => load(textarea, typed.query), DELAY_MS)
}

async function load (textarea, query) {
  const state = prepare(textarea)
  if (state.request) state.request.abort()
  state.request = new AbortController()
  let people
  try {
    const response = await fetch(`/members/suggest?q=${encodeURIComponent(query)}`, {
      headers: { Accept: 'application/json' }, signal: state.request.signal, credentials: 'same-origin'
    })
    if (!response.ok) return
    people = await response.json()
  } catch {
    return // aborted by newer typing, or offline: no suggestions, typing goes on
  }
  if (document.activeElement !== textarea || !typedMention(textarea)) return
  state.query = query
  show(textarea, people)
}

function show (textarea, people) {
  const state = prepare(textarea)
  state.people = people
  state.listbox.replaceChildren(...people.map((person, index) => {
    const option = document.createElement('li')
    option.id = `${state.id}-option-${index}`
    option.className = 'community-mentions__option'
    option.setAttribute('role', 'option')
    option.setAttribute('aria-selected', 'false')
    option.dataset.index = String(index)
    const name = document.createElement('span')
    name.className = 'community-mentions__name'
    name.textContent = person.name
    const discipline = document.createElement('span')
    discipline.className = 'community-mentions__discipline'
    discipline.textContent = person.discipline
    option.append(name, ' ', discipline)
    return option
  }))
  if (people.length === 0) {
    close(textarea)
    state.status.textContent = 'No members match'
    return
  }
  state.listbox.hidden = false
  textarea.setAttribute('aria-expanded', 'true')
  state.status.textContent = `${people.length} ${people.length === 1 ? 'person' : 'people'} found. Use the up and down arrows to choose, Enter to pick.`
  highlight(textarea, 0)
}

function highlight (textarea, index) {
  const state = prepare(textarea)
  const options = state.listbox.querySelectorAll('[role="option"]')
  if (options.length === 0) return
  state.active = (index + options.length) % options.length
  options.forEach((option, i) => {
    const on = i === state.active
    option.setAttribute('aria-selected', on ? 'true' : 'false')
    option.classList.toggle('community-mentions__option--active', on)
  })
  const current = options[state.active]
  textarea.setAttribute('aria-activedescendant', current.id)
  current.scrollIntoView({ block: 'nearest' })
}

function close (textarea) {
  const state = states.get(textarea)
  if (!state) return
  clearTimeout(state.timer)
  if (state.request) state.request.abort()
  state.listbox.hidden = true
  state.listbox.replaceChildren()
  state.people = []
  state.active = -1
  state.query = null
  textarea.setAttribute('aria-expanded', 'false')
  textarea.removeAttribute('aria-activedescendant')
}

function onKey (textarea, event) {
  const state = prepare(textarea)
  if (state.listbox.hidden) return
  if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
    event.preventDefault()
    highlight(textarea, state.active + (event.key === 'ArrowDown' ? 1 : -1))
  } else if ((event.key === 'Enter' || event.key === 'Tab') && state.active >= 0) {
    event.preventDefault()
    pick(textarea, state.active)
  } else if (event.key === 'Escape') {
    event.preventDefault()
    close(textarea)
  }
}

function pick (textarea, index) {
  const state = prepare(textarea)
  const person = state.people[index]
  if (!person || state.start < 0) return
  const caret = textarea.selectionStart
  const text = `${person.mention} `
  textarea.setRangeText(text, state.start, caret, 'end')
  close(textarea)
  state.status.textContent = `${person.name} mentioned`
  textarea.focus()
  // Drafts (compose.js) and anything else listening hear about the change.
  textarea.dispatchEvent(new Event('input', { bubbles: true }))
}
