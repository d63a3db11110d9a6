"""Who gets what from every route and live event: the expected answer for each kind of person.

tests/guard_rails/test_authorization.py walks `app.url_map` and the registered Socket.IO
handlers, asks every row below as each kind of person (signed in through the real form, with a
valid CSRF token and the form data in FORMS), and compares what comes back with the row. After
every refusal, and every other answer too, the database is compared with the state the request
started from, and put back, so each request starts from the same world.

Reading a row:  METHOD  PATH  TARGET  then one letter per kind, in the order of KINDS:

    v visitor      u unconfirmed (email not confirmed)    a awaiting approval    s suspended
    m member       f facilitator      d designer          M moderator            A admin

PATH is the route's rule with its converters left out (`/posts/<post_id>/edit`); where a rule
takes an action (`<any(lock, unlock):action>`, `<action>`) the row names it (`/threads/<thread_id>/lock`).
TARGET names an entry of TARGETS: the object the request is about, seen from the person asking
("their comment" vs "someone's comment"); `-` when there is none. The world it comes from is
built once through the services (authorization_world.py).

Live events are rows too: METHOD is EVENT and PATH is `<namespace>:<event>` (`/threads:join`).

Outcomes:
    Y  allowed: 2xx, or the redirect success gives, with no error message flashed
    L  sent to sign in (302 to /login)
    U  401: a JSON answer asking to sign in
    F  403 (for a live event: connection refused, or an ack {ok: false})
    N  404: the thing is not there, or the person may not know it is
    I  refused with a reason beside the field or flashed: 409, 422, 429, or a redirect with an error
HEAD answers as GET does, OPTIONS lists the methods, and a method a route does not answer gives
405: those are derived from the URL map and checked without rows here.

Adding a row: a new route or event fails `test_every_route_and_event_has_a_row` with the row to
paste. Give it a TARGET for each relation that changes the answer (author or not, member of the
set or of another set, the consultation's creator or another designer); add the target to
TARGETS and, if it is a new kind of thing, make it in authorization_world.py through the
services. If success needs form fields, add them to FORMS under the row's PATH.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from tests.factories import PASSWORD

KINDS = ("visitor", "unconfirmed", "awaiting", "suspended", "member", "facilitator", "designer",
         "moderator", "admin")
OUTCOMES = {"Y": "allowed", "L": "sent to sign in", "U": "401 sign in", "F": "403",
            "N": "404", "I": "refused with a reason"}

TABLE = """
# method path                                       target                                  v u a s m f d M A
GET    /                                            -                                       Y Y Y Y Y Y Y Y Y
GET    /healthz                                     -                                       Y Y Y Y Y Y Y Y Y
GET    /guidelines                                  -                                       Y Y Y Y Y Y Y Y Y
GET    /privacy                                     -                                       Y Y Y Y Y Y Y Y Y
GET    /favicon.ico                                 -                                       Y Y Y Y Y Y Y Y Y
GET    /static/<filename>                           our stylesheet                          Y Y Y Y Y Y Y Y Y

# Joining and signing in: the signed-in are sent home; a link in an email works for whoever holds it.
GET    /join                                        -                                       Y Y Y Y Y Y Y Y Y
POST   /join                                        -                                       Y Y Y Y Y Y Y Y Y
GET    /login                                       -                                       Y Y Y Y Y Y Y Y Y
POST   /login                                       their own address                       Y Y Y I Y Y Y Y Y
POST   /logout                                      -                                       Y Y Y Y Y Y Y Y Y
POST   /logout/everywhere                           -                                       L Y Y L Y Y Y Y Y
GET    /confirm/<token>                             a newcomer's confirmation link          Y Y Y Y Y Y Y Y Y
POST   /confirm/resend                              -                                       L Y Y L Y Y Y Y Y
GET    /reset                                       -                                       Y Y Y Y Y Y Y Y Y
POST   /reset                                       -                                       Y Y Y Y Y Y Y Y Y
GET    /reset/<token>                               someone's reset link                    Y Y Y Y Y Y Y Y Y
POST   /reset/<token>                               someone's reset link                    Y Y Y Y Y Y Y Y Y

# Members, profiles, connections
GET    /members                                     -                                       L Y F L Y Y Y Y Y
GET    /members/<member_id>                         themselves                              L Y Y L Y Y Y Y Y
GET    /members/<member_id>                         another member                          L Y F L Y Y Y Y Y
GET    /members/<member_id>                         a member awaiting approval              L N F L N N N Y Y
GET    /members/<member_id>                         a suspended member                      L Y F L Y Y Y Y Y
GET    /members/<member_id>                         no member                               L N F L N N N N N
GET    /members/suggest                             -                                       F Y F F Y Y Y Y Y
GET    /profile                                     -                                       L Y Y L Y Y Y Y Y
POST   /profile                                     -                                       L Y Y L Y Y Y Y Y
GET    /profile/password                            -                                       L Y Y L Y Y Y Y Y
POST   /profile/password                            -                                       L Y Y L Y Y Y Y Y
GET    /profile/email                               -                                       L Y Y L Y Y Y Y Y
POST   /profile/email                               -                                       L Y Y L Y Y Y Y Y
GET    /network                                     -                                       L Y F L Y Y Y Y Y
POST   /members/<member_id>/connect                 a member they are not connected to      L F F L Y Y Y Y Y
POST   /members/<member_id>/connect                 themselves                              L I F L I I I I I
POST   /members/<member_id>/connect                 a member awaiting approval              L F F L N N N N N
POST   /members/<member_id>/connect                 no member                               L N F L N N N N N
POST   /connections/<connection_id>/accept          a request to them                       L F F L Y Y Y Y Y
POST   /connections/<connection_id>/accept          a request they sent                     L F F L F F F F F
POST   /connections/<connection_id>/accept          others' request                         L F F L F F F F F
POST   /connections/<connection_id>/accept          no connection                           L N F L N N N N N
POST   /connections/<connection_id>/decline         a request to them                       L F F L Y Y Y Y Y
POST   /connections/<connection_id>/decline         others' request                         L F F L F F F F F
POST   /connections/<connection_id>/withdraw        a request they sent                     L Y F L Y Y Y Y Y
POST   /connections/<connection_id>/withdraw        a request to them                       L F F L F F F F F
POST   /connections/<connection_id>/remove          their connection                        L Y F L Y Y Y Y Y
POST   /connections/<connection_id>/remove          others' connection                      L F F L F F F F F
POST   /connections/<connection_id>/befriend        their connection                        L N F L N N N N N

# Threads
GET    /threads                                     -                                       L Y F L Y Y Y Y Y
GET    /spaces/<slug>                               a space                                 L Y F L Y Y Y Y Y
GET    /spaces/<slug>                               no space                                L N F L N N N N N
GET    /threads/new                                 -                                       L F F L Y Y Y Y Y
POST   /threads/new                                 -                                       L F F L Y Y Y Y Y
GET    /threads/<thread_id>                         an open thread                          L Y F L Y Y Y Y Y
GET    /threads/<thread_id>                         a locked thread                         L Y F L Y Y Y Y Y
GET    /threads/<thread_id>                         someone's hidden thread                 L F F L F F F Y Y
GET    /threads/<thread_id>                         their own hidden thread                 L Y F L Y Y Y Y Y
GET    /threads/<thread_id>                         someone's held thread                   L F F L F F F Y Y
GET    /threads/<thread_id>                         no thread                               L N N L N N N N N
POST   /threads/<thread_id>/comments                an open thread                          L F F L Y Y Y Y Y
POST   /threads/<thread_id>/comments                a locked thread                         L F F L F F F Y Y
POST   /threads/<thread_id>/comments                someone's hidden thread                 L F F L F F F Y Y
POST   /threads/<thread_id>/comments                their own hidden thread                 L F F L F F F Y Y
POST   /threads/<thread_id>/comments                someone's held thread                   L F F L F F F Y Y
POST   /threads/<thread_id>/follow                  an open thread                          L Y F L Y Y Y Y Y
POST   /threads/<thread_id>/follow                  someone's hidden thread                 L F F L F F F Y Y
POST   /threads/<thread_id>/read                    an open thread                          L Y F L Y Y Y Y Y
POST   /threads/<thread_id>/read                    someone's hidden thread                 L F F L F F F Y Y
POST   /threads/<thread_id>/invite/<member_id>      their thread, another member            L F F L Y Y Y Y Y
POST   /threads/<thread_id>/invite/<member_id>      someone's thread, another member        L F F L F F F F F
POST   /preview                                     -                                       U F F U Y Y Y Y Y

# Posts
GET    /posts/<post_id>/edit                        their comment                           L F F L Y Y Y Y Y
POST   /posts/<post_id>/edit                        their comment                           L F F L Y Y Y Y Y
GET    /posts/<post_id>/edit                        someone's comment                       L F F L F F F F F
POST   /posts/<post_id>/edit                        someone's comment                       L F F L F F F F F
POST   /posts/<post_id>/edit                        their comment in a locked thread        L F F L F F F Y Y
GET    /posts/<post_id>/edit                        someone's held comment                  L N F L N N N F F
POST   /posts/<post_id>/edit                        someone's held comment                  L N F L N N N F F
GET    /posts/<post_id>/edit                        their deleted comment                   L N F L N N N F F
POST   /posts/<post_id>/delete                      their comment                           L F F L Y Y Y Y Y
POST   /posts/<post_id>/delete                      someone's comment                       L F F L F F F Y Y
POST   /posts/<post_id>/delete                      someone's deleted comment               L N F L N N N F F
POST   /posts/<post_id>/delete                      someone's held comment                  L N F L N N N Y Y
POST   /posts/<post_id>/helpful                     a reply in their thread                 L F F L Y Y Y Y Y
POST   /posts/<post_id>/helpful                     someone's comment                       L F F L F F F F F
POST   /posts/<post_id>/helpful                     their thread's opening post             L F F L F F F F F
POST   /posts/<post_id>/helpful                     someone's held comment                  L N F L N N N F F
POST   /posts/<post_id>/react                       someone's comment                       L F F L Y Y Y Y Y
POST   /posts/<post_id>/react                       their comment                           L F F L F F F F F
POST   /posts/<post_id>/react                       someone's hidden comment                L N F L N N N F F
POST   /posts/<post_id>/react                       someone's held comment                  L N F L N N N F F
POST   /posts/<post_id>/react                       a comment in someone's hidden thread    L F F L F F F F F
POST   /posts/<post_id>/unreact                     someone's comment                       L Y F L Y Y Y Y Y
POST   /posts/<post_id>/unreact                     their comment                           L I F L I I I I I
POST   /posts/<post_id>/unreact                     someone's held comment                  L N F L N N N I I
GET    /posts/<post_id>/block                       someone's comment                       L Y F L Y Y Y Y Y
GET    /posts/<post_id>/block                       someone's held comment                  L N F L N N N Y Y
GET    /posts/<post_id>/block                       someone's hidden comment                L N F L N N N Y Y
GET    /posts/<post_id>/block                       someone's deleted comment               L N F L N N N Y Y
GET    /posts/<post_id>/block                       their held comment                      L Y F L Y Y Y Y Y
GET    /posts/<post_id>/block                       a comment in someone's hidden thread    L F F L F F F Y Y
GET    /posts/<post_id>/block                       no post                                 L N N L N N N N N
GET    /posts/<post_id>/reactions                   someone's comment                       L Y F L Y Y Y Y Y
GET    /posts/<post_id>/reactions                   someone's held comment                  L N F L N N N Y Y
GET    /posts/<post_id>/reactions                   their held comment                      L Y F L Y Y Y Y Y
GET    /posts/<post_id>/reactions                   someone's hidden comment                L N F L N N N Y Y
GET    /posts/<post_id>/reactions                   someone's deleted comment               L N F L N N N Y Y
GET    /posts/<post_id>/reactions                   a comment in someone's hidden thread    L F F L F F F Y Y
GET    /posts/<post_id>/history                     someone's comment                       L F F L F F F Y Y
GET    /posts/<post_id>/history                     their comment                           L F F L F F F Y Y
GET    /posts/<post_id>/history                     someone's held comment                  L N F L N N N Y Y

# Reporting and moderating
GET    /posts/<post_id>/flag                        someone's comment                       L F F L Y Y Y Y Y
GET    /posts/<post_id>/flag                        someone's held comment                  L N F L N N N F F
POST   /posts/<post_id>/flag                        someone's comment                       L F F L Y Y Y Y Y
POST   /posts/<post_id>/flag                        their comment                           L F F L F F F F F
POST   /posts/<post_id>/flag                        someone's hidden comment                L N F L N N N F F
POST   /posts/<post_id>/flag                        someone's held comment                  L N F L N N N F F
POST   /posts/<post_id>/flag                        a comment in someone's hidden thread    L F F L F F F Y Y
GET    /moderation                                  -                                       L F F L F F F Y Y
GET    /moderation/log                              -                                       L F F L F F F Y Y
POST   /moderation/members/<member_id>/approve      a member awaiting approval              L F F L F F F Y Y
POST   /moderation/members/<member_id>/decline      a member awaiting approval              L F F L F F F Y Y
POST   /moderation/members/<member_id>/approve      no member                               L F F L F F F N N
POST   /moderation/members/<member_id>/admit        a member awaiting approval              L F F L F F F N N
GET    /moderation/posts/<post_id>/hide             someone's comment                       L F F L F F F Y Y
POST   /moderation/posts/<post_id>/hide             someone's comment                       L F F L F F F Y Y
GET    /moderation/posts/<post_id>/hide             someone's held comment                  L N F L N N N Y Y
POST   /moderation/posts/<post_id>/unhide           someone's hidden comment                L N F L N N N Y Y
POST   /moderation/posts/<post_id>/approve          someone's held comment                  L N F L N N N Y Y
POST   /moderation/posts/<post_id>/dismiss          a reported comment                      L F F L F F F Y Y
POST   /moderation/posts/<post_id>/dismiss          someone's held comment                  L N F L N N N I I
POST   /threads/<thread_id>/lock                    an open thread                          L F F L F F F Y Y
POST   /threads/<thread_id>/unlock                  a locked thread                         L F F L F F F Y Y
POST   /threads/<thread_id>/pin                     an open thread                          L F F L F F F Y Y
POST   /threads/<thread_id>/unpin                   a pinned thread                         L F F L F F F Y Y
GET    /threads/<thread_id>/move                    an open thread                          L F F L F F F Y Y
POST   /threads/<thread_id>/move                    an open thread                          L F F L F F F Y Y

# Administration
GET    /admin                                       -                                       L F F L F F F F Y
GET    /admin/members/<member_id>                   another member                          L F F L F F F F Y
POST   /admin/members/<member_id>                   another member                          L F F L F F F F Y
POST   /admin/members/<member_id>/suspend           another member                          L F F L F F F F Y
POST   /admin/members/<member_id>/suspend           themselves                              L F F L F F F F F
POST   /admin/members/<member_id>/reinstate         a suspended member                      L F F L F F F F Y
POST   /admin/members/<member_id>/promote           another member                          L F F L F F F F N
GET    /admin/spaces                                -                                       L F F L F F F F Y
POST   /admin/spaces                                -                                       L F F L F F F F Y
GET    /admin/spaces/<slug>/edit                    a space                                 L F F L F F F F Y
POST   /admin/spaces/<slug>/edit                    a space                                 L F F L F F F F Y
POST   /admin/spaces/<slug>/move                    a space                                 L F F L F F F F Y

# Notifications
GET    /notifications                               -                                       L Y F L Y Y Y Y Y
POST   /notifications/<notification_id>/open       their notification                      L Y F L Y Y Y Y Y
POST   /notifications/<notification_id>/open       someone's notification                  L N F L N N N N N
POST   /notifications/read-all                      -                                       L Y F L Y Y Y Y Y
GET    /notifications/settings                      -                                       L Y Y L Y Y Y Y Y
POST   /notifications/settings                      -                                       L Y Y L Y Y Y Y Y

# Action learning sets: confidential, so whoever may not see a set is told it does not exist (404).
# "the facilitator's set" is the facilitator kind's own; "another set" is one none of the kinds is in.
GET    /sets                                        -                                       L Y F L Y Y Y Y Y
GET    /sets/new                                    -                                       L F F L F Y F F F
POST   /sets/new                                    -                                       L F F L F Y F F F
GET    /sets/<set_id>                               a set they belong to                    L Y F L Y Y Y Y Y
GET    /sets/<set_id>                               a set they are invited to               L Y F L Y Y Y Y Y
GET    /sets/<set_id>                               the facilitator's set                   L N F L N Y N N N
GET    /sets/<set_id>                               another set                             L N F L N N N N N
GET    /sets/<set_id>                               no set                                  L N F L N N N N N
GET    /sets/<set_id>/edit                          a set they belong to                    L F F L F F F F F
GET    /sets/<set_id>/edit                          the facilitator's set                   L N F L N Y N N N
POST   /sets/<set_id>/edit                          a set they belong to                    L F F L F F F F F
POST   /sets/<set_id>/edit                          the facilitator's set                   L N F L N Y N N N
POST   /sets/<set_id>/edit                          another set                             L N F L N N N N N
GET    /sets/<set_id>/invite                        a set they belong to                    L F F L F F F F F
GET    /sets/<set_id>/invite                        the facilitator's set                   L N F L N Y N N N
POST   /sets/<set_id>/invite                        a set they belong to                    L F F L F F F F F
POST   /sets/<set_id>/invite                        the facilitator's set                   L N F L N Y N N N
POST   /sets/<set_id>/invite                        another set                             L N F L N N N N N
POST   /sets/<set_id>/accept                        a set they are invited to               L Y F L Y Y Y Y Y
POST   /sets/<set_id>/accept                        a set they belong to                    L F F L F F F F F
POST   /sets/<set_id>/accept                        another set                             L N F L N N N N N
POST   /sets/<set_id>/decline                       a set they are invited to               L Y F L Y Y Y Y Y
POST   /sets/<set_id>/decline                       a set they belong to                    L F F L F F F F F
POST   /sets/<set_id>/decline                       another set                             L N F L N N N N N
POST   /sets/<set_id>/leave                         a set they belong to                    L Y F L Y Y Y Y Y
POST   /sets/<set_id>/leave                         the facilitator's set                   L N F L N F N N N
POST   /sets/<set_id>/leave                         another set                             L N F L N N N N N
POST   /sets/<set_id>/members/<member_id>/remove    a member of their set                   L F F L F F F F F
POST   /sets/<set_id>/members/<member_id>/remove    a member of the facilitator's set       L N F L N Y N N N
POST   /sets/<set_id>/members/<member_id>/remove    the facilitator's set, not a member     L N F L N N N N N
POST   /sets/<set_id>/members/<member_id>/remove    a member of another set                 L N F L N N N N N
GET    /sets/<set_id>/meetings/new                  a set they belong to                    L F F L F F F F F
GET    /sets/<set_id>/meetings/new                  the facilitator's set                   L N F L N Y N N N
POST   /sets/<set_id>/meetings/new                  a set they belong to                    L F F L F F F F F
POST   /sets/<set_id>/meetings/new                  the facilitator's set                   L N F L N Y N N N
POST   /sets/<set_id>/meetings/new                  another set                             L N F L N N N N N
GET    /meetings/<meeting_id>                       a meeting of their set                  L Y F L Y Y Y Y Y
GET    /meetings/<meeting_id>                       a meeting of the facilitator's set      L N F L N Y N N N
GET    /meetings/<meeting_id>                       a meeting of another set                L N F L N N N N N
GET    /meetings/<meeting_id>                       a meeting of a set they are invited to  L N F L N N N N N
GET    /meetings/<meeting_id>                       no meeting                              L N F L N N N N N
GET    /meetings/<meeting_id>/edit                  a meeting of their set                  L F F L F F F F F
GET    /meetings/<meeting_id>/edit                  a meeting of the facilitator's set      L N F L N Y N N N
POST   /meetings/<meeting_id>/edit                  a meeting of their set                  L F F L F F F F F
POST   /meetings/<meeting_id>/edit                  a meeting of the facilitator's set      L N F L N Y N N N
POST   /meetings/<meeting_id>/edit                  a meeting of another set                L N F L N N N N N
GET    /meetings/<meeting_id>/room                  a meeting of their set                  L Y F L Y Y Y Y Y
GET    /meetings/<meeting_id>/room                  a meeting of the facilitator's set      L N F L N Y N N N
GET    /meetings/<meeting_id>/room                  a meeting of another set                L N F L N N N N N
GET    /meetings/<meeting_id>/room                  a meeting of a set they are invited to  L N F L N N N N N
GET    /meetings/<meeting_id>/room                  no meeting                              L N F L N N N N N
GET    /meetings/<meeting_id>/calendar.ics          a meeting of their set                  L Y F L Y Y Y Y Y
GET    /meetings/<meeting_id>/calendar.ics          a meeting of another set                L N F L N N N N N
GET    /calendar/<token>.ics                        their calendar address                  Y Y N N Y Y Y Y Y
GET    /calendar/<token>.ics                        a calendar address that was reset       N N N N N N N N N
POST   /calendar/reset                              -                                       L Y F L Y Y Y Y Y
# Consultations: the designer kind made "the designer's draft" and the open and closed ones;
# another designer made "another designer's draft" and the one with published results.
GET    /consultations                               -                                       L Y F L Y Y Y Y Y
GET    /consultations/new                           -                                       L F F L F F Y F Y
POST   /consultations/new                           -                                       L F F L F F Y F Y
GET    /consultations/principles                    -                                       L F F L F F F F Y
POST   /consultations/principles                    -                                       L F F L F F F F Y
GET    /consultations/<consultation_id>/edit        the designer's draft                    L F F L F F Y F Y
GET    /consultations/<consultation_id>/edit        another designer's draft                L F F L F F F F Y
POST   /consultations/<consultation_id>/edit        the designer's draft                    L F F L F F Y F Y
POST   /consultations/<consultation_id>/edit        another designer's draft                L F F L F F F F Y
GET    /consultations/<consultation_id>/build       the designer's draft                    L F F L F F Y F Y
GET    /consultations/<consultation_id>/build       another designer's draft                L F F L F F F F Y
GET    /consultations/<consultation_id>/build       no consultation                         L N N L N N N N N
POST   /consultations/<consultation_id>/questions   the designer's draft                    L F F L F F Y F Y
POST   /consultations/<consultation_id>/questions   another designer's draft                L F F L F F F F Y
POST   /consultations/<consultation_id>/questions   a consultation people answered          L F F L F F I F I
GET    /consultations/<consultation_id>/questions/<question_id>/edit   a question in the designer's draft   L F F L F F Y F Y
POST   /consultations/<consultation_id>/questions/<question_id>/edit   a question in the designer's draft   L F F L F F Y F Y
POST   /consultations/<consultation_id>/questions/<question_id>/edit   a question of another consultation   L F F L F F N F N
POST   /consultations/<consultation_id>/questions/<question_id>/up     a question in the designer's draft   L F F L F F Y F Y
POST   /consultations/<consultation_id>/questions/<question_id>/down   a question in the designer's draft   L F F L F F Y F Y
POST   /consultations/<consultation_id>/questions/<question_id>/delete a question in the designer's draft   L F F L F F Y F Y
GET    /consultations/<consultation_id>/preview     the designer's draft                    L F F L F F Y F Y
GET    /consultations/<consultation_id>/preview     another designer's draft                L F F L F F F F Y
POST   /consultations/<consultation_id>/publish     the designer's draft                    L F F L F F Y F Y
POST   /consultations/<consultation_id>/publish     another designer's draft                L F F L F F F F Y
POST   /consultations/<consultation_id>/close       an open consultation for everyone       L F F L F F Y F Y
POST   /consultations/<consultation_id>/copy        the designer's draft                    L F F L F F Y F Y
GET    /consultations/<consultation_id>             an open consultation for everyone       L Y F L Y Y Y Y Y
GET    /consultations/<consultation_id>             an open consultation for another discipline L F F L F F Y F Y
GET    /consultations/<consultation_id>             another designer's draft                L F F L F F Y F Y
GET    /consultations/<consultation_id>             no consultation                         L N N L N N N N N
POST   /consultations/<consultation_id>             an open consultation for everyone       L F F L Y Y Y Y Y
POST   /consultations/<consultation_id>             an open consultation for another discipline L F F L F F F F F
POST   /consultations/<consultation_id>             a consultation people answered          L F F L I I I I I
GET    /consultations/<consultation_id>/results     a consultation people answered          L F F L F F Y F Y
GET    /consultations/<consultation_id>/results     a consultation with published results   L Y F L Y Y Y Y Y
GET    /consultations/<consultation_id>/results.csv a consultation people answered          L F F L F F Y F Y
GET    /consultations/<consultation_id>/results.csv a consultation with published results   L F F L F F Y F Y
GET    /consultations/<consultation_id>/results.json a consultation people answered         L F F L F F Y F Y
POST   /consultations/<consultation_id>/results/publish a consultation people answered      L F F L F F Y F Y
POST   /consultations/<consultation_id>/results/publish a consultation with published results L F F L F F F F I
POST   /consultations/<consultation_id>/questions/<question_id>/answers/<response_id>/themes a free-text answer   L F F L F F Y F Y

# The idea board ("an idea" is by an ordinary member) and "you said, we did"
GET    /ideas                                       -                                       L Y F L Y Y Y Y Y
POST   /ideas                                       -                                       L F F L Y Y Y Y Y
GET    /ideas/<idea_id>                             an idea                                 L Y F L Y Y Y Y Y
GET    /ideas/<idea_id>                             no idea                                 L N N L N N N N N
POST   /ideas/<idea_id>/support                     an idea                                 L F F L Y Y Y Y Y
POST   /ideas/<idea_id>/withdraw                    an idea                                 L F F L I I I I I
POST   /ideas/<idea_id>/respond                     an idea                                 L F F L F F Y F Y
GET    /you-said-we-did                             -                                       L Y F L Y Y Y Y Y
POST   /you-said-we-did                             an idea                                 L F F L F F Y F Y
POST   /you-said-we-did/<decision_id>/status        a decision                              L F F L F F Y F Y
POST   /you-said-we-did/<decision_id>/status        no decision                             L F F L F F N F N

# Live events (Socket.IO)
EVENT  /threads:connect                             -                                       F Y F F Y Y Y Y Y
EVENT  /threads:join                                an open thread                          F Y F F Y Y Y Y Y
EVENT  /threads:join                                someone's hidden thread                 F F F F F F F Y Y
EVENT  /threads:join                                their own hidden thread                 F Y F F Y Y Y Y Y
EVENT  /threads:join                                no thread                               F F F F F F F F F
# The live room: its set's members and facilitator only; outsiders are told there is no such
# meeting. Commands are the room's process to allow: here, starting the meeting (the set's own
# facilitator, who is none of the kinds for "their set"). Speaking needs the room joined (PRELUDES).
EVENT  /rooms:connect                               -                                       F Y F F Y Y Y Y Y
EVENT  /rooms:join                                  a meeting of their set                  F Y F F Y Y Y Y Y
EVENT  /rooms:join                                  a meeting of the facilitator's set      F F F F F Y F F F
EVENT  /rooms:join                                  a meeting of another set                F F F F F F F F F
EVENT  /rooms:join                                  a meeting of a set they are invited to  F F F F F F F F F
EVENT  /rooms:join                                  no meeting                              F F F F F F F F F
EVENT  /rooms:command                               a meeting of their set                  F F F F F F F F F
EVENT  /rooms:command                               a meeting of the facilitator's set      F F F F F Y F F F
EVENT  /rooms:command                               a meeting of another set                F F F F F F F F F
EVENT  /rooms:command                               no meeting                              F F F F F F F F F
EVENT  /rooms:speak                                 a meeting of their set                  F Y F F Y Y Y Y Y
EVENT  /rooms:speak                                 a meeting of the facilitator's set      F F F F F Y F F F
EVENT  /rooms:speak                                 a meeting of another set                F F F F F F F F F
EVENT  /rooms:nudge                                 a meeting of their set                  F Y F F Y Y Y Y Y
EVENT  /rooms:nudge                                 a meeting of the facilitator's set      F F F F F Y F F F
EVENT  /rooms:nudge                                 a meeting of another set                F F F F F F F F F
EVENT  /rooms:nudge                                 a meeting of a set they are invited to  F F F F F F F F F
"""


@dataclass(frozen=True)
class Row:
    method: str
    path: str
    target: str
    expected: str   # one letter per kind, in the order of KINDS
    line: int

    @property
    def label(self) -> str:
        return f"{self.method} {self.path} · {self.target}"

    def url(self, values: dict[str, Any]) -> str:
        url = self.path
        for name, value in values.items():
            url = url.replace(f"<{name}>", str(value))
        return url


def parse(table: str = TABLE) -> list[Row]:
    rows = []
    for number, line in enumerate(table.splitlines(), start=1):
        words = line.split()
        if not words or words[0].startswith("#"):
            continue
        method, path, *target, = words[:-len(KINDS)]
        expected = "".join(words[-len(KINDS):])
        assert len(expected) == len(KINDS) and set(expected) <= set(OUTCOMES), f"line {number}: {line}"
        rows.append(Row(method, path, " ".join(target), expected, number))
    return rows


ROWS = parse()


# Targets: what a row's request is about, for the person asking. `w` is authorization_world.World;
# `w.own(kind)` is what that kind of person wrote or was sent (a visitor, who has nothing, gets
# the ordinary member's). Each answers the values the row's PATH and FORMS need.
Target = Callable[[Any, str], dict]
MISSING = 9_999_999

TARGETS: dict[str, Target] = {
    "-": lambda w, k: {},
    "our stylesheet": lambda w, k: {"filename": "css/community.css"},
    "their own address": lambda w, k: {"email": w.own(k).email},
    "a newcomer's confirmation link": lambda w, k: {"token": w.confirm_token},
    "someone's reset link": lambda w, k: {"token": w.reset_token},
    # People
    "themselves": lambda w, k: {"member_id": w.own(k).member},
    "another member": lambda w, k: {"member_id": w.other},
    "a member they are not connected to": lambda w, k: {"member_id": w.stranger},
    "a member awaiting approval": lambda w, k: {"member_id": w.joiner},
    "a suspended member": lambda w, k: {"member_id": w.banned},
    "no member": lambda w, k: {"member_id": MISSING},
    # Connections
    "a request to them": lambda w, k: {"connection_id": w.own(k).received},
    "a request they sent": lambda w, k: {"connection_id": w.own(k).sent},
    "their connection": lambda w, k: {"connection_id": w.own(k).connection},
    "others' request": lambda w, k: {"connection_id": w.others_request},
    "others' connection": lambda w, k: {"connection_id": w.others_connection},
    "no connection": lambda w, k: {"connection_id": MISSING},
    # Spaces and threads
    "a space": lambda w, k: {"slug": w.space},
    "no space": lambda w, k: {"slug": "no-such-space"},
    "an open thread": lambda w, k: {"thread_id": w.thread},
    "a locked thread": lambda w, k: {"thread_id": w.locked},
    "a pinned thread": lambda w, k: {"thread_id": w.pinned},
    "someone's hidden thread": lambda w, k: {"thread_id": w.hidden},
    "their own hidden thread": lambda w, k: {"thread_id": w.own(k).hidden_thread},
    "someone's held thread": lambda w, k: {"thread_id": w.held_thread},
    "no thread": lambda w, k: {"thread_id": MISSING},
    "their thread, another member": lambda w, k: {"thread_id": w.own(k).thread, "member_id": w.third},
    "someone's thread, another member": lambda w, k: {"thread_id": w.thread, "member_id": w.third},
    # Posts. "someone's comment" is one every kind liked (see FORMS for unreact).
    "their comment": lambda w, k: {"post_id": w.own(k).comment},
    "their comment in a locked thread": lambda w, k: {"post_id": w.own(k).locked_comment},
    "their deleted comment": lambda w, k: {"post_id": w.own(k).deleted_comment},
    "their held comment": lambda w, k: {"post_id": w.own(k).held_comment},
    "a reply in their thread": lambda w, k: {"post_id": w.own(k).reply_to_them},
    "their thread's opening post": lambda w, k: {"post_id": w.own(k).opening},
    "someone's comment": lambda w, k: {"post_id": w.comment},
    "someone's hidden comment": lambda w, k: {"post_id": w.hidden_comment},
    "someone's deleted comment": lambda w, k: {"post_id": w.deleted_comment},
    "someone's held comment": lambda w, k: {"post_id": w.held_comment},
    "a comment in someone's hidden thread": lambda w, k: {"post_id": w.hidden_thread_comment},
    "a reported comment": lambda w, k: {"post_id": w.reported_comment},
    "no post": lambda w, k: {"post_id": MISSING},
    # Action learning sets
    "a set they belong to": lambda w, k: {"set_id": w.own(k).learning_set},
    "a set they are invited to": lambda w, k: {"set_id": w.own(k).invited_set},
    "the facilitator's set": lambda w, k: {"set_id": w.facilitated_set, "member_id": w.stranger},
    "another set": lambda w, k: {"set_id": w.other_set, "member_id": w.stranger},
    "no set": lambda w, k: {"set_id": MISSING},
    "a member of their set": lambda w, k: {"set_id": w.own(k).learning_set, "member_id": w.own(k).member},
    "a member of the facilitator's set": lambda w, k: {"set_id": w.facilitated_set, "member_id": w.set_member},
    "the facilitator's set, not a member": lambda w, k: {"set_id": w.facilitated_set, "member_id": w.stranger},
    "a member of another set": lambda w, k: {"set_id": w.other_set, "member_id": w.set_member},
    "a meeting of their set": lambda w, k: {"meeting_id": w.own(k).set_meeting},
    "a meeting of the facilitator's set": lambda w, k: {"meeting_id": w.facilitated_meeting},
    "a meeting of another set": lambda w, k: {"meeting_id": w.other_meeting},
    "a meeting of a set they are invited to": lambda w, k: {"meeting_id": w.own(k).invited_meeting},
    "no meeting": lambda w, k: {"meeting_id": MISSING},
    "their calendar address": lambda w, k: {"token": w.own(k).feed_token},
    "a calendar address that was reset": lambda w, k: {"token": w.old_feed_token},
    # Notifications
    "their notification": lambda w, k: {"notification_id": w.own(k).notification},
    "someone's notification": lambda w, k: {"notification_id": w.others_notification},
    # Consultations ("a consultation people answered" is closed; its questions are fixed)
    "the designer's draft": lambda w, k: {"consultation_id": w.draft},
    "another designer's draft": lambda w, k: {"consultation_id": w.others_draft},
    "no consultation": lambda w, k: {"consultation_id": MISSING},
    "a question in the designer's draft": lambda w, k: {"consultation_id": w.draft, "question_id": w.draft_question},
    # The designer's draft in the address, a question of their open consultation.
    "a question of another consultation": lambda w, k: {"consultation_id": w.draft,
                                                        "question_id": w.open_all_question},
    "an open consultation for everyone": lambda w, k: {"consultation_id": w.open_all, "answers": w.open_all_answers},
    "an open consultation for another discipline": lambda w, k: {"consultation_id": w.open_elsewhere,
                                                                 "answers": w.open_all_answers},
    "a consultation people answered": lambda w, k: {"consultation_id": w.closed, "answers": w.open_all_answers},
    "a consultation with published results": lambda w, k: {"consultation_id": w.with_results},
    "an idea": lambda w, k: {"idea_id": w.idea},
    "no idea": lambda w, k: {"idea_id": MISSING},
    "a decision": lambda w, k: {"decision_id": w.decision},
    "no decision": lambda w, k: {"decision_id": MISSING},
    "a free-text answer": lambda w, k: {"consultation_id": w.closed, "question_id": w.closed_text[0],
                                        "response_id": w.closed_text[1]},
}


# What a successful submission sends, by the row's PATH; a callable gets the target's values.
# The CSRF token is added to every POST.
Form = dict | Callable[[dict], dict]
NEW_PASSWORD = "lantern-meadow-quartz-2026"
SET_FORM = {"name": "Discharge leaders", "purpose": "", "size_limit": "8", "ground_rules": "Stay in the set.",
            "video_link": ""}
MEETING_FORM = {"title": "Set meeting", "agenda": "", "start_date": "2099-03-02", "start_time": "10:00",
                "duration": "180", **{f"minutes_{p}": "3" for p in (
                    "check_in", "bidding", "presenting", "clarifying", "open_questioning", "offers", "summary",
                    "actions", "process_review", "check_out", "time_out")}}

FORMS: dict[str, Form] = {
    "/join": {"name": "Grace Hopper", "email": "grace.hopper@example.nhs.uk", "password": NEW_PASSWORD,
              "discipline": "medicine", "organisation": "Riverside University Hospitals NHS Trust",
              "consent": "y"},
    "/login": lambda v: {"email": v["email"], "password": PASSWORD},
    "/reset": {"email": "someone@example.nhs.uk"},
    "/reset/<token>": {"password": NEW_PASSWORD},
    "/profile": {"name": "Renamed Person", "discipline": "pharmacy", "job_title": "Lead pharmacist",
                 "organisation": "Riverside University Hospitals NHS Trust", "place": "Leeds",
                 "bio": "About me", "interests": "frailty", "expertise": "", "open_to": "mentoring"},
    "/profile/password": {"current_password": PASSWORD, "new_password": NEW_PASSWORD},
    "/profile/email": {"email": "moved@example.nhs.uk", "password": PASSWORD},
    "/threads/new": {"title": "A new question", "body": "What do you think?", "space": "quality-improvement",
                     "disciplines": "pharmacy", "tags": "discharge"},
    "/threads/<thread_id>/comments": {"body": "A comment"},
    "/threads/<thread_id>/follow": {"state": "muted"},
    "/threads/<thread_id>/read": {"number": "1"},
    "/preview": {"body": "**Bold** words"},
    "/posts/<post_id>/edit": {"body": "Edited words"},
    "/posts/<post_id>/helpful": {"helpful": "1"},
    "/posts/<post_id>/react": {"kind": "insightful"},
    "/posts/<post_id>/unreact": {"kind": "like"},
    "/posts/<post_id>/flag": {"reason": "off-topic"},
    "/moderation/posts/<post_id>/hide": {"reason": "Off topic for this space"},
    "/threads/<thread_id>/move": {"space": "leadership"},
    "/admin/members/<member_id>": {"roles": "facilitator"},
    "/admin/spaces": {"name": "Workforce", "description": "Recruiting and keeping people"},
    "/admin/spaces/<slug>/edit": {"name": "Quality and safety", "description": "Renamed"},
    "/admin/spaces/<slug>/move": {"direction": "down"},
    "/notifications/settings": {"frequency": "daily"},
    "/threads:join": lambda v: {"thread": v["thread_id"], "after": 0},
    "/rooms:join": lambda v: {"meeting": v["meeting_id"], "after": 0},
    "/rooms:command": lambda v: {"meeting": v["meeting_id"], "command": "start"},
    "/rooms:speak": lambda v: {"meeting": v["meeting_id"], "text": "Good morning, everyone"},
    "/rooms:nudge": lambda v: {"meeting": v["meeting_id"], "text": "What would help most?"},
    "/sets/new": SET_FORM,
    "/sets/<set_id>/edit": SET_FORM,
    "/sets/<set_id>/invite": lambda v: {"member": v.get("member_id", "")},
    "/sets/<set_id>/accept": {"ground_rules": "y"},
    "/sets/<set_id>/meetings/new": {**MEETING_FORM, "repeat": "once"},
    "/meetings/<meeting_id>/edit": MEETING_FORM,
    "/consultations/new": {"title": "Designing the academy", "purpose": "Tell us", "opens_on": "2026-01-01",
                           "closes_on": "2099-12-31", "audience": "all", "principles": "learning"},
    "/consultations/<consultation_id>/edit": {"title": "Renamed", "opens_on": "2026-01-01",
                                              "closes_on": "2099-12-31", "audience": "all"},
    "/consultations/principles": {"name": "Co-production"},
    "/consultations/<consultation_id>/questions": {"kind": "text", "prompt": "Anything else?"},
    "/consultations/<consultation_id>/questions/<question_id>/edit": {
        "kind": "single", "prompt": "Which?", "options": "One\nTwo", "required": "y"},
    "/consultations/<consultation_id>": lambda v: v.get("answers", {}),
    "/consultations/<consultation_id>/questions/<question_id>/answers/<response_id>/themes": {"theme": "time"},
    "/ideas": {"title": "Mentors across professions", "body": "Pair new leaders with a mentor"},
    "/ideas/<idea_id>/respond": {"status": "considering", "response": "We are costing it"},
    "/you-said-we-did": lambda v: {"theme": "Mentoring", "decision": "Funded", "status": "planned",
                                   "ideas": str(v["idea_id"])},
    "/you-said-we-did/<decision_id>/status": {"status": "done"},
}


# Live events that only make sense on a socket that sent others first, on the same connection:
# path -> [(event, form from the target's values)]. A refusal in the prelude shows in the event's answer.
PRELUDES: dict[str, list[tuple[str, Callable[[dict], dict]]]] = {
    "/rooms:speak": [("join", lambda v: {"meeting": v.get("meeting_id"), "after": 0})],
}


def prelude(live, row_path: str, namespace: str, values: dict) -> None:
    for event, form in PRELUDES.get(row_path, []):
        live.emit(event, form(values), namespace=namespace, callback=True)


def form_for(row: Row, values: dict) -> dict:
    form = FORMS.get(row.path, {})
    return dict(form(values) if callable(form) else form)
