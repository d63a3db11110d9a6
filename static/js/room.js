// The live meeting room: state, presence, queue and messages arrive over Socket.IO (/rooms). The
// server owns the clock, the sequence numbers and every rule; this page draws what it is sent,
// asks before sending advice in questioning, and catches up after a dropped connection.
import '../vendor/socket.io/socket.io.min.js' // sets globalThis.io

const box = document.getElementById('room')
const entry = document.getElementById('room-entry')
if (box && entry && globalThis.io) {
  // The ground rules again at each entry; the socket opens only after they are agreed.
  entry.addEventListener('submit', event => {
    event.preventDefault()
    const agreed = document.getElementById('room-agree').checked
    document.getElementById('room-agree-error').hidden = agreed
    document.getElementById('room-agree-group').classList.toggle('nhsuk-form-group--error', !agreed)
    if (!agreed) { document.getElementById('room-agree').focus(); return }
    entry.hidden = true
    document.getElementById('room-inside').hidden = false
    document.getElementById('room-phase').focus()
    enter(box)
  })
}

function enter (box) {
  const meeting = Number(box.dataset.meeting)
  const me = Number(box.dataset.member)
  const people = JSON.parse(box.dataset.people || '{}')
  const $ = id => document.getElementById(id)
  const nameOf = id => people[String(id)] || `Member ${id}`
  const announce = text => { $('room-announcer').textContent = text }
  // The last message sequence drawn, and the last state version: a rejoin asks for what came
  // after the one, and an older state (a broadcast overtaken by a join's answer) is ignored.
  let lastSeq = 0
  let version = -1
  let view = null
  let clock = null // {endsAt (ms, this page's clock), paused, remaining}
  let lastPhase = null
  let nudged = null

  const socket = globalThis.io('/rooms', { transports: ['websocket', 'polling'], tryAllTransports: true })
  socket.on('connect', () => {
    socket.emit('join', { meeting, after: lastSeq }, answer => {
      if (!answer || !answer.ok) {
        $('room-connection').textContent = (answer && answer.error) || 'You cannot enter this room.'
        return
      }
      $('room-connection').textContent = 'You are in the room.'
      box.dataset.live = 'joined'
      answer.missed.forEach(receive)
      if (answer.more) $('room-connection').textContent = 'Some earlier messages are not shown: reload the page to see them all.'
      draw(answer)
    })
  })
  socket.on('disconnect', () => {
    box.dataset.live = 'disconnected'
    $('room-connection').textContent = 'Connection lost: reconnecting…'
  })
  socket.on('state', draw)
  socket.on('message', receive)

  function receive (message) {
    if (!message || message.meeting !== meeting || message.seq <= lastSeq) return // drawn already
    lastSeq = message.seq
    const item = document.createElement('li')
    item.dataset.seq = message.seq
    const who = document.createElement('strong')
    who.textContent = message.author
    const kind = message.kind && message.kind !== 'plain' ? ` (${message.kind.replace('_', ' ')})` : ''
    const text = document.createElement('span')
    text.textContent = `${kind}: ${message.text}`
    item.append(who, text)
    $('room-messages').append(item)
  }

  function draw (message) {
    if (!message || message.meeting !== meeting || message.version < version) return
    version = message.version
    view = message.view
    const c = view.clock
    clock = c ? { endsAt: Date.now() + c.remaining_seconds * 1000, paused: c.paused, remaining: c.remaining_seconds } : null
    $('room-phase').textContent = view.label + (view.interrupted ? ` (from ${view.interrupted.label})` : '')
    $('room-step').textContent = view.step || ''
    $('room-presenter').textContent = view.presenter ? `Presenter: ${nameOf(view.presenter)}` : ''
    $('room-floor-rule').textContent = view.floor_rule + (view.floor ? ` ${nameOf(view.floor)} has the floor.` : '')
    list($('room-present'), view.present, id => nameOf(id) + (id === view.facilitator ? ' (facilitating)' : ''))
    list($('room-queue'), view.queue, nameOf)
    $('room-quorum').textContent = `Quorum: ${view.quorum.here} of ${view.quorum.needed} needed${view.quorum.met ? '' : ' (not yet met)'}`
    if (view.phase !== lastPhase) {
      announce(`${view.label}${view.presenter ? `, presenter ${nameOf(view.presenter)}` : ''}`)
      lastPhase = view.phase
    }
    const you = view.you
    $('room-send').disabled = !you.may_speak
    $('room-text-hint').textContent = you.may_speak
      ? 'Messages are kept only while the meeting is open.'
      : (you.held_back || 'You cannot send a message now.')
    const hand = $('room-hand')
    hand.hidden = !you.controls.includes(you.hand_raised ? 'lower_hand' : 'raise_hand')
    hand.dataset.command = you.hand_raised ? 'lower_hand' : 'raise_hand'
    hand.textContent = you.hand_raised ? `Lower hand (${you.queue_position} in queue)` : 'Raise hand'
    $('room-done').hidden = !you.controls.includes('done')
    controls(you)
    tick()
  }

  function list (element, ids, label) {
    element.replaceChildren(...ids.map(id => { const li = document.createElement('li'); li.textContent = label(id); return li }))
  }

  const NAMES = { start: 'Start the meeting', next: 'Next step', back: 'Previous step', skip: 'Skip this step', pause: 'Pause', resume: 'Resume', time_out: 'Time-out', end_time_out: 'End the time-out', next_speaker: 'Next in the queue', hand_back: 'Take facilitation back', end: 'End the meeting' }
  function controls (you) {
    const section = $('room-controls')
    const facilitating = you.role === 'facilitator' || you.controls.includes('hand_back')
    section.hidden = !facilitating
    if (!facilitating) return
    const plain = Object.keys(NAMES).filter(name => you.controls.includes(name))
    $('room-plain-controls').replaceChildren(...plain.map(name => {
      const button = document.createElement('button')
      button.type = 'button'
      button.className = 'nhsuk-button nhsuk-button--secondary'
      button.dataset.command = name
      button.textContent = NAMES[name]
      return button
    }))
    if (you.controls.includes('rounds')) {
      const button = document.createElement('button')
      button.type = 'button'
      button.className = 'nhsuk-button nhsuk-button--secondary'
      button.dataset.command = 'rounds'
      button.dataset.on = String(!view.rounds)
      button.textContent = view.rounds ? 'Take questions from the queue' : 'Take questions in rounds'
      $('room-plain-controls').append(button)
    }
    const ids = Object.keys(people).map(Number).filter(id => id !== me)
    const select = $('room-person')
    const chosen = select.value
    select.replaceChildren(...ids.map(id => new Option(nameOf(id), String(id))))
    if (chosen) select.value = chosen
    const boxes = $('room-presenters')
    if (!boxes.children.length) {
      boxes.replaceChildren(...Object.keys(people).map(Number).map(id => {
        const item = document.createElement('div')
        item.className = 'nhsuk-checkboxes__item'
        item.innerHTML = '<input class="nhsuk-checkboxes__input" type="checkbox"><label class="nhsuk-label nhsuk-checkboxes__label"></label>'
        const input = item.querySelector('input')
        input.id = `room-presenter-${id}`
        input.value = String(id)
        input.addEventListener('change', () => { input.dataset.order = input.checked ? String(Date.now()) : '' })
        const label = item.querySelector('label')
        label.htmlFor = input.id
        label.textContent = nameOf(id)
        return item
      }))
    }
    for (const button of section.querySelectorAll('[data-command]')) {
      const name = button.dataset.command
      if (!(name in NAMES) && name !== 'rounds') button.disabled = !you.controls.includes(name)
    }
  }

  function send (command, args = {}) {
    socket.emit('command', { meeting, command, ...args }, answer => {
      const error = $('room-command-error')
      error.hidden = !!(answer && answer.ok)
      error.textContent = answer && !answer.ok ? answer.error : ''
    })
  }

  box.addEventListener('click', event => {
    const button = event.target.closest('button[data-command]')
    if (!button) return
    const name = button.dataset.command
    const args = {}
    if (button.dataset.minutes) args.minutes = Number(button.dataset.minutes)
    if (button.dataset.on) args.on = button.dataset.on === 'true'
    if ('person' in button.dataset) args.member = Number($('room-person').value)
    if (name === 'choose_presenters') {
      args.presenters = [...$('room-presenters').querySelectorAll('input:checked')]
        .sort((a, b) => Number(a.dataset.order) - Number(b.dataset.order)).map(input => Number(input.value))
    }
    send(name, args)
  })

  // The countdown: redrawn each second, announced only through the polite region on each whole minute.
  let lastMinute = null
  function tick () {
    const element = $('room-clock')
    if (!clock) { element.textContent = '–'; $('room-overtime').hidden = true; return }
    const left = clock.paused ? clock.remaining : (clock.endsAt - Date.now()) / 1000
    const whole = Math.round(Math.abs(left))
    element.textContent = `${left < 0 ? '−' : ''}${Math.floor(whole / 60)}:${String(whole % 60).padStart(2, '0')}${clock.paused ? ' (paused)' : ''}`
    $('room-overtime').hidden = left >= 0
    const minute = Math.ceil(left / 60)
    if (!clock.paused && minute !== lastMinute && left > 0 && left < 60 * 60 && lastMinute !== null && minute <= 2) {
      announce(`${minute} minute${minute === 1 ? '' : 's'} left`)
    }
    lastMinute = minute
  }
  setInterval(tick, 1000)

  // The composer: in questioning the server says first whether the message reads as advice.
  const text = $('room-text')
  const showError = message => {
    $('room-text-error').hidden = !message
    $('room-text-error').textContent = message ? `Error: ${message}` : ''
    $('room-text-group').classList.toggle('nhsuk-form-group--error', !!message)
  }
  const speak = () => {
    socket.emit('speak', { meeting, text: text.value }, answer => {
      if (answer && answer.ok) {
        text.value = ''
        showError(null)
        $('room-nudge').hidden = true
        nudged = null
      } else {
        showError(answer ? answer.error : 'Not sent: try again') // what they typed stays
      }
    })
  }
  $('room-composer').addEventListener('submit', event => {
    event.preventDefault()
    if (view && view.you.kind === 'question' && nudged !== text.value) {
      socket.emit('nudge', { meeting, text: text.value }, answer => {
        if (answer && answer.ok && answer.advice) {
          nudged = text.value
          $('room-nudge-reason').textContent = answer.advice
          $('room-nudge').hidden = false
          $('room-send-anyway').focus()
        } else if (answer && !answer.ok) {
          showError(answer.error)
        } else {
          speak()
        }
      })
      return
    }
    speak()
  })
  $('room-send-anyway').addEventListener('click', speak)
  $('room-rephrase').addEventListener('click', () => { $('room-nudge').hidden = true; nudged = null; text.focus() })
}
