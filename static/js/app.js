// Progressive enhancement only: every page works without this file.
import { initAll } from '../vendor/nhsuk/nhsuk-frontend.min.js'
import './mentions.js'

// NHS.UK frontend asks for this class from an inline snippet; our CSP allows no inline script.
document.body.classList.add('nhsuk-frontend-supported')
initAll()
