"""What each route reads from a request, for the bad-input sweep (test_http_sweep.py).

One entry per route and method of `app.url_map` (PATH as in the authorization table: converters
left out, an action filled in), listing the parameters the view reads: `name` for a form field,
`?name` for a query parameter, each with its kind:

    text   words a person types (a name, a comment, a search box, an address to go to next)
    value  a choice, number, id or flag: anything but what the route offers must be refused or
           ignored, never stored
    token  an opaque token the page made (any short word is one): kept as sent, or dropped when
           it cannot be one, never a 500

`-` when the route reads nothing. The sweep sends each parameter the hostile values its kind gets,
one parameter at a time with the rest of a valid request (the authorization table's FORMS), as
the first kind of person the table allows. `test_every_route_reads_what_inputs_lists` fails for
a route missing here, or a parameter its view reads that is not listed, with the line to add.
"""
from __future__ import annotations

TEXT, VALUE, TOKEN = "text", "value", "token"

INPUTS = """
GET    /                                            -
GET    /healthz                                     -
GET    /guidelines                                  -
GET    /privacy                                     -
GET    /favicon.ico                                 -
GET    /static/<filename>                           -
GET    /join                                        -
POST   /join                                        consent:value discipline:value email:text name:text organisation:text password:text
GET    /login                                       ?next:value
POST   /login                                       ?next:value email:text password:text remember:value
POST   /logout                                      -
POST   /logout/everywhere                           -
GET    /confirm/<token>                             -
POST   /confirm/resend                              -
GET    /reset                                       -
POST   /reset                                       email:text
GET    /reset/<token>                               -
POST   /reset/<token>                               password:text
GET    /members                                     ?discipline:value ?interest:text ?open_to:value ?organisation:text ?page:value ?place:text ?q:text
GET    /members/<member_id>                         -
GET    /members/suggest                             ?q:text
GET    /profile                                     -
POST   /profile                                     bio:text discipline:value expertise:text interests:text job_title:text name:text open_to:value organisation:text place:text
GET    /profile/password                            -
POST   /profile/password                            current_password:text new_password:text
GET    /profile/email                               -
POST   /profile/email                               email:text password:text
GET    /network                                     -
POST   /members/<member_id>/connect                 -
POST   /connections/<connection_id>/accept          next:value
POST   /connections/<connection_id>/decline         next:value
POST   /connections/<connection_id>/withdraw        next:value
POST   /connections/<connection_id>/remove          next:value
GET    /threads                                     ?after:value ?discipline:value ?space:value ?tag:text ?view:value
GET    /spaces/<slug>                               ?after:value ?discipline:value ?tag:text ?view:value
GET    /threads/new                                 ?space:value
POST   /threads/new                                 body:text client_token:token disciplines:value space:value tags:text title:text
GET    /threads/<thread_id>                         ?page:value ?quote:value ?reply:value
POST   /threads/<thread_id>/comments                body:text client_token:token parent:value
POST   /threads/<thread_id>/follow                  state:value
POST   /threads/<thread_id>/read                    number:value
POST   /threads/<thread_id>/invite/<member_id>      -
POST   /preview                                     body:text
GET    /posts/<post_id>/edit                        -
POST   /posts/<post_id>/edit                        body:text
POST   /posts/<post_id>/delete                      -
POST   /posts/<post_id>/helpful                     helpful:value
POST   /posts/<post_id>/react                       kind:value
POST   /posts/<post_id>/unreact                     kind:value
GET    /posts/<post_id>/block                       -
GET    /posts/<post_id>/reactions                   -
GET    /posts/<post_id>/history                     -
GET    /posts/<post_id>/flag                        -
POST   /posts/<post_id>/flag                        note:text reason:value
GET    /moderation                                  ?flags_page:value ?held_page:value ?waiting_page:value
GET    /moderation/log                              ?page:value
POST   /moderation/members/<member_id>/approve      -
POST   /moderation/members/<member_id>/decline      -
GET    /moderation/posts/<post_id>/hide             ?next:value
POST   /moderation/posts/<post_id>/hide             next:value reason:text
POST   /moderation/posts/<post_id>/unhide           next:value reason:text
POST   /moderation/posts/<post_id>/approve          next:value reason:text
POST   /moderation/posts/<post_id>/dismiss          next:value reason:text
POST   /threads/<thread_id>/lock                    next:value reason:text
POST   /threads/<thread_id>/unlock                  next:value reason:text
POST   /threads/<thread_id>/pin                     next:value reason:text
POST   /threads/<thread_id>/unpin                   next:value reason:text
GET    /threads/<thread_id>/move                    -
POST   /threads/<thread_id>/move                    reason:text space:value
GET    /admin                                       ?page:value ?q:text
GET    /admin/members/<member_id>                   -
POST   /admin/members/<member_id>                   roles:value
POST   /admin/members/<member_id>/suspend           -
POST   /admin/members/<member_id>/reinstate         -
GET    /admin/spaces                                -
POST   /admin/spaces                                description:text name:text
GET    /admin/spaces/<slug>/edit                    -
POST   /admin/spaces/<slug>/edit                    description:text name:text
POST   /admin/spaces/<slug>/move                    direction:value
GET    /notifications                               ?page:value
POST   /notifications/<notification_id>/open        -
POST   /notifications/read-all                      -
GET    /notifications/settings                      -
POST   /notifications/settings                      frequency:value
GET    /sets                                        -
GET    /sets/new                                    -
POST   /sets/new                                    ground_rules:text name:text purpose:text size_limit:value video_link:text
GET    /sets/<set_id>                               -
GET    /sets/<set_id>/edit                          -
POST   /sets/<set_id>/edit                          ground_rules:text name:text purpose:text size_limit:value video_link:text
GET    /sets/<set_id>/invite                        ?page:value ?q:text
POST   /sets/<set_id>/invite                        ?page:value ?q:text member:value
POST   /sets/<set_id>/accept                        ground_rules:value
POST   /sets/<set_id>/decline                       -
POST   /sets/<set_id>/leave                         -
POST   /sets/<set_id>/members/<member_id>/remove    -
GET    /sets/<set_id>/meetings/new                  -
POST   /sets/<set_id>/meetings/new                  agenda:text duration:value minutes_actions:value minutes_bidding:value minutes_check_in:value minutes_check_out:value minutes_clarifying:value minutes_offers:value minutes_open_questioning:value minutes_presenting:value minutes_process_review:value minutes_summary:value minutes_time_out:value start_date:value start_time:value title:text occurrences:value repeat:value every_weeks:value
GET    /meetings/<meeting_id>                       -
GET    /meetings/<meeting_id>/edit                  -
POST   /meetings/<meeting_id>/edit                  agenda:text duration:value minutes_actions:value minutes_bidding:value minutes_check_in:value minutes_check_out:value minutes_clarifying:value minutes_offers:value minutes_open_questioning:value minutes_presenting:value minutes_process_review:value minutes_summary:value minutes_time_out:value start_date:value start_time:value title:text
GET    /meetings/<meeting_id>/room                  -
GET    /meetings/<meeting_id>/calendar.ics          -
GET    /calendar/<token>.ics                        -
POST   /calendar/reset                              -
GET    /consultations                               -
GET    /consultations/new                           -
POST   /consultations/new                           anonymous:value audience:value closes_on:value disciplines:value opens_on:value principles:value purpose:text title:text
GET    /consultations/principles                    -
POST   /consultations/principles                    name:text
GET    /consultations/<consultation_id>/edit        -
POST   /consultations/<consultation_id>/edit        anonymous:value audience:value closes_on:value disciplines:value opens_on:value principles:value purpose:text title:text
GET    /consultations/<consultation_id>/build       -
POST   /consultations/<consultation_id>/questions   high_label:text hint:text kind:value low_label:text options:text prompt:text required:value
GET    /consultations/<consultation_id>/questions/<question_id>/edit -
POST   /consultations/<consultation_id>/questions/<question_id>/edit high_label:text hint:text kind:value low_label:text options:text prompt:text required:value
POST   /consultations/<consultation_id>/questions/<question_id>/up -
POST   /consultations/<consultation_id>/questions/<question_id>/down -
POST   /consultations/<consultation_id>/questions/<question_id>/delete -
GET    /consultations/<consultation_id>/preview     -
POST   /consultations/<consultation_id>/publish     -
POST   /consultations/<consultation_id>/close       -
POST   /consultations/<consultation_id>/copy        -
GET    /consultations/<consultation_id>             -
# The answer form's fields are named by question id (q<id>): these are the world's open consultation's.
POST   /consultations/<consultation_id>             action:value q11:value q12:value q13:value q14:text
GET    /consultations/<consultation_id>/results     ?by:value ?page:value
GET    /consultations/<consultation_id>/results.csv -
GET    /consultations/<consultation_id>/results.json -
POST   /consultations/<consultation_id>/results/publish -
POST   /consultations/<consultation_id>/questions/<question_id>/answers/<response_id>/themes theme:text
GET    /ideas                                       ?page:value ?status:value
POST   /ideas                                       body:text title:text
GET    /ideas/<idea_id>                             -
POST   /ideas/<idea_id>/support                     -
POST   /ideas/<idea_id>/respond                     response:text status:value
GET    /you-said-we-did                             -
POST   /you-said-we-did                             change:text consultations:value decision:text ideas:value status:value theme:text
POST   /you-said-we-did/<decision_id>/status        status:value
"""


def parse(table: str = INPUTS) -> dict[str, dict[str, str]]:
    """'METHOD PATH' -> {parameter: kind}."""
    routes: dict[str, dict[str, str]] = {}
    for number, line in enumerate(table.splitlines(), start=1):
        words = line.split()
        if not words or words[0].startswith("#"):
            continue
        method, path, *params = words
        kinds = {}
        for param in params:
            if param == "-":
                continue
            name, _, kind = param.rpartition(":")
            assert kind in (TEXT, VALUE, TOKEN) and name, \
                f"inputs.py line {number}: {param!r} is not name:text|value|token"
            kinds[name] = kind
        routes[f"{method} {path}"] = kinds
    return routes


ROUTES = parse()


# Live events: '<namespace>:<event>' -> the payload fields the handler reads (all `value`s today).
# The valid payload comes from the authorization table's FORMS; test_live_sweep.py fails for a
# registered handler missing here.
EVENTS = {
    "/threads:join": {"thread": VALUE, "after": VALUE},
    "/rooms:join": {"meeting": VALUE, "after": VALUE},
    "/rooms:command": {"meeting": VALUE, "command": VALUE},
    "/rooms:speak": {"meeting": VALUE, "text": TEXT},
    "/rooms:nudge": {"meeting": VALUE, "text": TEXT},
}
