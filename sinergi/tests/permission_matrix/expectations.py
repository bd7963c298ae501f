"""The one expectation table of the permission matrix.

Every URL pattern of the URL configuration has an entry here (`test_every_url_has_an_entry`):
its key is the URL name (`namespace:name`), followed by `(param, …)` when one name has several
patterns. A key with `[variant]` checks the same URL with another object (a draft post, an
internal article). Each entry names a rule for GET and one for the write method (POST; PATCH on
API detail routes), and which objects fill the URL's parameters.

A rule maps each persona's relation to the object's working group to the answer expected:
"ok" (2xx, a redirect other than to sign-in, or 400 for the empty form the matrix sends),
"login" (redirect to sign-in), "admin-login", "401", "403", "404", "405". The rules follow
DESIGN.md's "Users and what they may do": visitors read the public portal; members read their
Pokja's internal pages and do the members' part of its work; the secretariat edits its Pokja;
the provincial secretariat also reads every Pokja of its province; the national secretariat reads
everything and manages reference data; outsiders get 404, readers who may not write 403.

`known` lists the cells where the code differs from the table today, with the correct answer in
the table: the test passes while the code still does what the note says, and fails once it is
fixed, so the entry is removed when the bug is.
"""

from dataclasses import dataclass, field

# Personas (sinergi/test.py, plus two from fixtures.py).
VISITOR = "visitor"
OTHER_MEMBER = "other_member"  # member of Kabupaten Kupang's Pokja (another province)
MEMBER = "member"  # member of Kabupaten Bandung's Pokja
SECRETARIAT = "secretariat"  # secretariat of Kabupaten Bandung's Pokja
PROVINCIAL = "provincial"  # secretariat of Jawa Barat's Pokja (Bandung's province)
OTHER_PROVINCIAL = "other_provincial"  # secretariat of NTT's Pokja (Kupang's province)
NATIONAL = "national"
ADMIN = "admin"  # superuser
ROLES = (VISITOR, OTHER_MEMBER, MEMBER, SECRETARIAT, PROVINCIAL, OTHER_PROVINCIAL, NATIONAL, ADMIN)

# A persona's relation to the working group (or owner) an object belongs to.
ANON, OUTSIDER, IN_GROUP, OVERSEER, EDITOR = "anon", "outsider", "member", "overseer", "editor"

# World → persona → relation. "bandung"/"kupang": a kabupaten Pokja and its objects;
# "jabar"/"ntt": a province; "own"/"others": things a user owns (notifications, calendar
# addresses) — the Bandung member's and the Kupang member's.
RELATIONS = {
    "bandung": {
        VISITOR: ANON,
        OTHER_MEMBER: OUTSIDER,
        MEMBER: IN_GROUP,
        SECRETARIAT: EDITOR,
        PROVINCIAL: OVERSEER,
        OTHER_PROVINCIAL: OUTSIDER,
        NATIONAL: OVERSEER,
        ADMIN: EDITOR,
    },
    "jabar": {
        VISITOR: ANON,
        OTHER_MEMBER: OUTSIDER,
        MEMBER: OUTSIDER,
        SECRETARIAT: OUTSIDER,
        PROVINCIAL: EDITOR,
        OTHER_PROVINCIAL: OUTSIDER,
        NATIONAL: OVERSEER,
        ADMIN: EDITOR,
    },
    "own": {
        VISITOR: ANON,
        OTHER_MEMBER: OUTSIDER,
        MEMBER: IN_GROUP,
        SECRETARIAT: OUTSIDER,
        PROVINCIAL: OUTSIDER,
        OTHER_PROVINCIAL: OUTSIDER,
        NATIONAL: OUTSIDER,
        ADMIN: OUTSIDER,
    },
}
# The outside worlds are checked with the personas for whom they are outside: the Bandung
# member, the Bandung secretariat and the Jawa Barat secretariat.
OUTSIDE_ROLES = (MEMBER, SECRETARIAT, PROVINCIAL)
OUTSIDE = {"bandung": "kupang", "jabar": "ntt", "own": "others"}
for _world in OUTSIDE.values():
    RELATIONS[_world] = dict.fromkeys(OUTSIDE_ROLES, OUTSIDER)


# Who may not see the internal strings (fixtures' `secrets`) of each world's working group.
SECRETS_HIDDEN_FROM = {
    "bandung": (VISITOR, OTHER_MEMBER, OTHER_PROVINCIAL),
    "kupang": (VISITOR, MEMBER, SECRETARIAT, PROVINCIAL),
}


def _rule(anon, outsider, member, overseer, editor):
    return {ANON: anon, OUTSIDER: outsider, IN_GROUP: member, OVERSEER: overseer, EDITOR: editor}


OK = "ok"
# --- pages -------------------------------------------------------------------------------------
PUBLIC = _rule(OK, OK, OK, OK, OK)
SIGNED_IN = _rule("login", OK, OK, OK, OK)
READ = _rule("login", "404", OK, OK, OK)  # the Pokja's internal pages
# Internal things behind a public address (library, articles, news): a visitor gets the same 404
# as for an id that does not exist.
PRIVATE = _rule("404", "404", OK, OK, OK)
MEMBER_WRITE = _rule("login", "404", OK, "403", OK)  # the members' part of the work
WRITE = _rule("login", "404", "403", "403", OK)  # the secretariat edits its Pokja
# Whoever holds the address: an unknown or made-up token is 404 for everyone.
TOKEN = _rule("404", "404", "404", "404", "404")
NA = _rule("405", "405", "405", "405", "405")  # method not allowed, public view
NA_SIGNED_IN = _rule("login", "405", "405", "405", "405")  # ... behind the sign-in
# Reads of the whole province (province summaries): its secretariat, national, admin.
PROVINCE_READ = _rule("login", "404", "404", OK, OK)
# Region data (indicator values, targets, facilities) is written by the secretariat of the
# region's Pokja and by those above it: the provincial secretariat for its province, the national
# secretariat everywhere (docs/monitoring.md, "Who enters data").
REGION_WRITE = _rule("login", "404", "403", OK, OK)
# --- API ---------------------------------------------------------------------------------------
API_PUBLIC = PUBLIC
API_NA = NA
API_SIGNED_IN = _rule("401", OK, OK, OK, OK)
API_READ = _rule("401", "404", OK, OK, OK)
API_WRITE = _rule("401", "404", "403", "403", OK)
API_MEMBER_WRITE = _rule("401", "404", OK, "403", OK)
API_NA_SIGNED_IN = _rule("401", "405", "405", "405", "405")
API_PRIVATE = _rule("404", "404", OK, OK, OK)  # a draft or internal object of a public list
# A write to an object everyone may read: outsiders are readers too, so 403, not 404.
API_PUBLIC_WRITE = _rule("401", "403", "403", "403", OK)
# Rules that depend on who the persona is, not on a relation.
NATIONAL_ONLY = "national-only"  # reference data: national secretariat and administrator
STARTER = "starter"  # starting a Pokja: provincial (own province) and national secretariats
ADMIN_SITE = "admin-site"  # Django admin: administrator only
# A person who also sits in a Pokja the persona cannot edit is read-only to them (issue 13
# item 1): name, NIP, e-mail, phone and account change only through an editor of every group.
SHARED_PERSON = "shared-person"
# Compliance of many Pokja: the provincial (their province) and national secretariats.
OVERSIGHT = "oversight"
# Reads of the whole country (the national roll-up): national secretariat and administrator;
# everyone else signed in gets 404, as for PROVINCE_READ.
NATION_READ = "nation-read"


def expected(rule, role, relation):
    """The answer `rule` expects for `role`, whose relation to the object is `relation`."""
    if rule == NATIONAL_ONLY:
        return {VISITOR: "login", NATIONAL: OK, ADMIN: OK}.get(role, "403")
    if rule == STARTER:
        if relation == ANON:
            return "login"
        if role in (NATIONAL, ADMIN) or relation == EDITOR:
            return OK
        # Provincial secretariats may start Pokja only in their own province.
        return "404" if role in (PROVINCIAL, OTHER_PROVINCIAL) else "403"
    if rule == NATION_READ:
        return {VISITOR: "login", NATIONAL: OK, ADMIN: OK}.get(role, "404")
    if rule == OVERSIGHT:
        if role == VISITOR:
            return "login"
        return OK if role in (PROVINCIAL, OTHER_PROVINCIAL, NATIONAL, ADMIN) else "403"
    if rule == SHARED_PERSON:
        return {ANON: "login", OUTSIDER: "404"}.get(relation, OK if role == ADMIN else "403")
    if rule == ADMIN_SITE:
        # Visitors meet the site's own sign-in first; signed-in non-staff the admin's.
        return {VISITOR: "login", ADMIN: OK}.get(role, "admin-login")
    return rule[relation]


@dataclass(frozen=True)
class Entry:
    get: object
    post: object
    world: str = "bandung"  # "none": a global page, checked once, with no outside world
    # URL parameter → attribute of the world ("meeting" → its pk, "work_plan.year"); a
    # parameter `code` defaults to the world's region code.
    kw: dict = field(default_factory=dict)
    fixed: dict = field(default_factory=dict)  # literal parameters ({"fmt": "csv"})
    query: str = ""  # appended to the URL: "?wilayah={free_region}" is filled from the world
    write: str = "POST"
    roles: tuple = ROLES  # fewer only where the answer cannot depend on the persona
    # (method, role) or (method, role, world) → "known issue: …": the code answers otherwise
    # today (see the module's docstring); build it with `issue()`.
    known: dict = field(default_factory=dict)


def issue(note, methods, roles, world=None):
    """The `known` cells of one issue: every method × role (in `world` only, when given)."""
    return {
        (method, role) if world is None else (method, role, world): f"known issue: {note}"
        for method in methods
        for role in roles
    }


def E(get, post, **options):
    return Entry(get, post, **options)


def G(get, post, **options):
    """A global page: no working group, no outside world."""
    return Entry(get, post, world="none", **options)


def own(get, post, **options):
    return Entry(get, post, world="own", **options)


def province(get, post, **options):
    return Entry(get, post, world="jabar", **options)


def api_detail(get, write, **options):
    """An API detail route: the write is a PATCH (a POST to a detail route is always 405)."""
    return Entry(get, write, write="PATCH", **options)


TABLE = {
    # --- portal, regions, directory --------------------------------------------------------
    "healthz": G(PUBLIC, PUBLIC),
    "portal:home": G(PUBLIC, PUBLIC),
    "portal:directory": G(PUBLIC, PUBLIC),
    "portal:directory_export": G(PUBLIC, PUBLIC, fixed={"fmt": "csv"}),
    "portal:profile": E(PUBLIC, PUBLIC),
    "portal:directory_map_data": G(PUBLIC, PUBLIC),
    "portal:handover_pack": E(READ, READ, kw={"pk": "handover"}),
    "regions:index": G(PUBLIC, PUBLIC),
    "regions:detail": E(PUBLIC, PUBLIC),
    # The region picker's suggestions: region names are public data; read-only.
    "regions:search": G(PUBLIC, NA, query="?q=cinu"),
    # --- pokja ---------------------------------------------------------------------------------
    "pokja:dashboard": G(SIGNED_IN, SIGNED_IN),
    "pokja:institutions": G(PUBLIC, PUBLIC),
    "pokja:accept_invitation": G(TOKEN, TOKEN, fixed={"token": "no-such-invitation"}),
    "pokja:workspace": E(READ, READ),
    "pokja:edit": E(WRITE, WRITE),
    "pokja:strategic_plan_file": E(READ, READ),
    "pokja:add_institution": E(WRITE, WRITE),
    "pokja:roster": E(READ, READ),
    "pokja:add_member": E(WRITE, WRITE),
    "pokja:edit_member": E(WRITE, WRITE, kw={"pk": "membership"}),
    "pokja:end_member": E(WRITE, WRITE, kw={"pk": "membership"}),
    # Removing a record entered by mistake (pokja/removal.py): the secretariat of its group.
    "pokja:remove_member": E(WRITE, WRITE, kw={"pk": "membership"}),
    "pokja:remove_person": E(WRITE, WRITE, kw={"pk": "person"}),
    "pokja:change_position": E(WRITE, WRITE, kw={"pk": "membership"}),
    "pokja:revoke_invitation": E(NA_SIGNED_IN, WRITE, kw={"pk": "invitation"}),
    "pokja:invite_member": E(NA_SIGNED_IN, WRITE, kw={"pk": "membership"}),
    "pokja:edit_person": E(WRITE, WRITE, kw={"pk": "person"}),
    # The secretariat sees such a person read-only; only an administrator saves.
    "pokja:edit_person[shared]": E(WRITE, SHARED_PERSON, kw={"pk": "shared_person"}),
    "pokja:handovers": E(READ, READ),
    "pokja:handover": E(READ, WRITE, kw={"pk": "handover"}),
    "pokja:roster_template": E(WRITE, NA_SIGNED_IN),
    "pokja:roster_import": E(WRITE, WRITE),
    "pokja:roster_export": E(READ, NA_SIGNED_IN),
    # Onboarding (issue 20 item 6): the national secretariat invites the secretariats in bulk;
    # anyone signed in asks for secretariat access; the secretariats at and above decide.
    "pokja:invite_secretariats": G(NATIONAL_ONLY, NATIONAL_ONLY),
    "pokja:access_requests": G(SIGNED_IN, NA_SIGNED_IN),
    "pokja:request_access": E(SIGNED_IN, SIGNED_IN),
    "pokja:group_access_requests": E(REGION_WRITE, REGION_WRITE),
    # --- decrees ---------------------------------------------------------------------------
    "portal:compliance": G(OVERSIGHT, OVERSIGHT),
    "portal:compliance_export": G(OVERSIGHT, OVERSIGHT),
    "decrees:list": E(READ, READ),
    "decrees:add": E(WRITE, WRITE),
    "decrees:detail": E(READ, READ, kw={"pk": "decree"}),
    "decrees:edit": E(WRITE, WRITE, kw={"pk": "decree"}),
    "decrees:scan": E(READ, READ, kw={"pk": "decree"}),
    "decrees:decree_draft": E(WRITE, WRITE, fixed={"fmt": "docx"}),
    # --- formation -------------------------------------------------------------------------
    "formation:index": G(SIGNED_IN, SIGNED_IN),
    "formation:start": province(STARTER, STARTER, query="?wilayah={free_region}"),
    "formation:register_forum": province(STARTER, STARTER, query="?wilayah={free_region}"),
    "formation:tracker": E(READ, READ),
    "formation:update_step": E(NA_SIGNED_IN, WRITE, kw={"number": "step.number"}),
    "formation:add_evidence": E(NA_SIGNED_IN, WRITE, kw={"number": "step.number"}),
    "formation:evidence": E(READ, READ, kw={"pk": "evidence"}),
    "formation:remove_evidence": E(NA_SIGNED_IN, WRITE, kw={"pk": "evidence"}),
    "formation:add_stakeholder": E(NA_SIGNED_IN, WRITE),
    "formation:remove_stakeholder": E(NA_SIGNED_IN, WRITE, kw={"pk": "stakeholder"}),
    # The directory import of the national secretariat (issue 20 item 6).
    "formation:directory_import": G(NATIONAL_ONLY, NATIONAL_ONLY),
    "formation:directory_template": G(NATIONAL_ONLY, NA_SIGNED_IN),
    # --- notifications and account ---------------------------------------------------------
    "notifications:notifications": G(SIGNED_IN, SIGNED_IN),
    "notifications:notification_read": own(NA_SIGNED_IN, MEMBER_WRITE, kw={"pk": "notification"}),
    "notifications:notifications_read_all": G(NA_SIGNED_IN, SIGNED_IN),
    "accounts:notification_preferences": G(SIGNED_IN, SIGNED_IN),
    "meetings:calendar_feeds": G(SIGNED_IN, NA_SIGNED_IN),
    "meetings:calendar_feed_create": G(NA_SIGNED_IN, SIGNED_IN),
    "meetings:calendar_feed_revoke": own(NA_SIGNED_IN, MEMBER_WRITE, kw={"pk": "feed"}),
    "meetings:calendar_feed": G(TOKEN, NA, fixed={"token": "no-such-feed"}),
    "accounts:login": G(PUBLIC, PUBLIC),
    "accounts:logout": G(NA_SIGNED_IN, SIGNED_IN),
    "accounts:profile": G(SIGNED_IN, SIGNED_IN),
    "accounts:api_tokens": G(SIGNED_IN, SIGNED_IN),
    "accounts:revoke_api_token": own(NA_SIGNED_IN, MEMBER_WRITE, kw={"pk": "api_token"}),
    "accounts:password_change": G(SIGNED_IN, SIGNED_IN),
    "accounts:password_reset": G(PUBLIC, PUBLIC),
    "accounts:password_reset_done": G(PUBLIC, NA),
    "accounts:password_reset_confirm": G(
        PUBLIC, PUBLIC, fixed={"uidb64": "MQ", "token": "no-such-token"}
    ),
    "accounts:password_reset_complete": G(PUBLIC, NA),
    # --- monitoring --------------------------------------------------------------------------
    "monitoring:catalogue": G(PUBLIC, PUBLIC),
    "monitoring:dashboard()": G(PUBLIC, PUBLIC),
    "monitoring:dashboard(code)": E(PUBLIC, PUBLIC),
    "monitoring:map_data": G(PUBLIC, PUBLIC),
    "monitoring:data_entry": E(REGION_WRITE, REGION_WRITE),
    "monitoring:data_verify": E(REGION_WRITE, REGION_WRITE),
    # A region without a Pokja (Kota Bandung): its data is the province's and the nation's to
    # verify (issue 16 item 3).
    "monitoring:data_verify[free]": province(
        REGION_WRITE, REGION_WRITE, kw={"code": "free_region"}
    ),
    "monitoring:data_template": E(REGION_WRITE, NA_SIGNED_IN),
    "monitoring:data_import": E(REGION_WRITE, REGION_WRITE),
    "monitoring:data_exchange": E(REGION_WRITE, REGION_WRITE),
    "monitoring:data_targets": E(READ, REGION_WRITE),
    "monitoring:data_export": G(PUBLIC, NA, fixed={"fmt": "csv"}),
    # --- open data: public, read-only ---------------------------------------------------------
    "opendata:catalogue": G(PUBLIC, NA),
    "opendata:dcat": G(PUBLIC, NA),
    "opendata:dataset": G(PUBLIC, NA, fixed={"slug": "sarana"}),
    "opendata:download": G(PUBLIC, NA, fixed={"slug": "nilai-indikator", "fmt": "csv"}),
    # --- planning ----------------------------------------------------------------------------
    "planning:plans": E(READ, READ),
    "planning:add_plan": E(WRITE, WRITE),
    "planning:plan": E(READ, READ, kw={"pk": "plan"}),
    "planning:edit_plan": E(WRITE, WRITE, kw={"pk": "plan"}),
    "planning:plan_targets": E(WRITE, WRITE, kw={"pk": "plan"}),
    "planning:adopt_plan": E(WRITE, WRITE, kw={"pk": "plan"}),
    "planning:remove_plan": E(WRITE, WRITE, kw={"pk": "plan"}),
    "planning:plan_document": E(READ, READ, kw={"pk": "plan"}, fixed={"fmt": "docx"}),
    "planning:plan_file": E(READ, READ, kw={"pk": "plan"}),
    "planning:add_goal": E(WRITE, WRITE, kw={"pk": "plan"}),
    "planning:edit_goal": E(WRITE, WRITE, kw={"pk": "plan", "goal_pk": "goal"}),
    "planning:remove_goal": E(NA_SIGNED_IN, WRITE, kw={"pk": "plan", "goal_pk": "goal"}),
    "planning:add_strategy": E(WRITE, WRITE, kw={"pk": "plan", "goal_pk": "goal"}),
    "planning:remove_strategy": E(
        NA_SIGNED_IN, WRITE, kw={"pk": "plan", "strategy_pk": "strategy"}
    ),
    "workplans:index": E(READ, READ),
    "workplans:create": E(WRITE, WRITE),
    "workplans:detail": E(READ, READ, kw={"year": "work_plan.year"}),
    "workplans:remove": E(WRITE, WRITE, kw={"year": "work_plan.year"}),
    "workplans:add_activity": E(WRITE, WRITE, kw={"year": "work_plan.year"}),
    "workplans:edit_activity": E(
        WRITE, WRITE, kw={"year": "work_plan.year", "number": "activity.number"}
    ),
    "workplans:realisation": E(
        WRITE, WRITE, kw={"year": "work_plan.year", "number": "activity.number"}
    ),
    "workplans:remove_activity": E(
        WRITE, WRITE, kw={"year": "work_plan.year", "number": "activity.number"}
    ),
    "workplans:summary": E(READ, READ, kw={"year": "work_plan.year"}),
    "workplans:province_summary": province(
        PROVINCE_READ, PROVINCE_READ, kw={"code": "province", "year": "work_plan.year"}
    ),
    "workplans:national_summary": G(NATION_READ, NATION_READ, fixed={"year": 2025}),
    "workplans:planning_template": E(WRITE, NA_SIGNED_IN, kw={"year": "work_plan.year"}),
    "workplans:planning_import": E(WRITE, WRITE, kw={"year": "work_plan.year"}),
    "workplans:planning_export": E(READ, NA_SIGNED_IN, kw={"year": "work_plan.year"}),
    "workplans:planning_realisation_report": E(READ, NA_SIGNED_IN, kw={"year": "work_plan.year"}),
    # --- programmes --------------------------------------------------------------------------
    "programmes:list": G(PUBLIC, NA),
    "programmes:export": G(PUBLIC, NA, fixed={"fmt": "csv"}),
    "programmes:detail": E(PUBLIC, NA, kw={"pk": "programme"}),
    "programmes:group": E(READ, READ),
    "programmes:add": E(WRITE, WRITE),
    "programmes:edit": E(WRITE, WRITE, kw={"pk": "programme"}),
    "programmes:remove": E(WRITE, WRITE, kw={"pk": "programme"}),
    "programmes:intake": E(WRITE, WRITE, kw={"pk": "programme"}),
    "programmes:overlaps": E(READ, NA_SIGNED_IN),
    "programmes:needs": E(READ, NA_SIGNED_IN),
    "programmes:template": E(WRITE, NA_SIGNED_IN),
    "programmes:import": E(WRITE, WRITE),
    "programmes:import_iati": E(WRITE, WRITE),
    "programmes:group_export": E(READ, NA_SIGNED_IN, fixed={"fmt": "csv"}),
    # --- facilities --------------------------------------------------------------------------
    "facilities:list": E(READ, NA_SIGNED_IN),
    "facilities:add": E(REGION_WRITE, REGION_WRITE),
    "facilities:template": E(REGION_WRITE, NA_SIGNED_IN),
    "facilities:import": E(REGION_WRITE, REGION_WRITE),
    "facilities:export": E(READ, NA_SIGNED_IN, fixed={"fmt": "csv"}),
    "facilities:detail": E(READ, NA_SIGNED_IN, kw={"pk": "facility"}),
    "facilities:edit": E(REGION_WRITE, REGION_WRITE, kw={"pk": "facility"}),
    # Those who may edit a facility may remove one entered by mistake.
    "facilities:remove": E(REGION_WRITE, REGION_WRITE, kw={"pk": "facility"}),
    "facilities:add_inspection": E(NA_SIGNED_IN, REGION_WRITE, kw={"pk": "facility"}),
    # --- meetings ----------------------------------------------------------------------------
    "meetings:meetings": E(READ, NA_SIGNED_IN),
    "meetings:meeting_add": E(WRITE, WRITE),
    "meetings:meeting": E(READ, NA_SIGNED_IN, kw={"pk": "meeting"}),
    "meetings:meeting_edit": E(WRITE, WRITE, kw={"pk": "meeting"}),
    "meetings:meeting_cancel": E(NA_SIGNED_IN, WRITE, kw={"pk": "meeting"}),
    "meetings:meeting_remove": E(WRITE, WRITE, kw={"pk": "meeting"}),
    "meetings:meeting_invitees": E(WRITE, WRITE, kw={"pk": "meeting"}),
    "meetings:meeting_attendance": E(MEMBER_WRITE, MEMBER_WRITE, kw={"pk": "meeting"}),
    "meetings:meeting_minutes": E(WRITE, WRITE, kw={"pk": "meeting"}),
    "meetings:meeting_file": E(READ, NA_SIGNED_IN, kw={"pk": "meeting"}, fixed={"kind": "notulen"}),
    "meetings:decision_add": E(WRITE, WRITE, kw={"pk": "meeting"}),
    "meetings:decision_edit": E(WRITE, WRITE, kw={"pk": "meeting", "decision": "decision"}),
    "meetings:decision_delete": E(
        NA_SIGNED_IN, WRITE, kw={"pk": "meeting", "decision": "decision"}
    ),
    "meetings:action_items": E(READ, NA_SIGNED_IN),
    "meetings:action_item_add": E(WRITE, WRITE),
    "meetings:action_item": E(READ, NA_SIGNED_IN, kw={"pk": "action_item"}),
    "meetings:action_item_edit": E(WRITE, WRITE, kw={"pk": "action_item"}),
    # The owner (a person without an account here) or the secretariat closes an item.
    "meetings:action_item_close": E(WRITE, WRITE, kw={"pk": "action_item"}),
    "meetings:action_item_close[own]": E(MEMBER_WRITE, MEMBER_WRITE, kw={"pk": "own_action_item"}),
    # Whoever may close an item may reopen it (POST only).
    "meetings:action_item_reopen": E(NA_SIGNED_IN, WRITE, kw={"pk": "action_item"}),
    "meetings:action_item_reopen[own]": E(NA_SIGNED_IN, MEMBER_WRITE, kw={"pk": "own_action_item"}),
    "meetings:my_action_items": G(SIGNED_IN, NA_SIGNED_IN),
    "meetings:meetings_calendar": E(READ, NA_SIGNED_IN),
    "meetings:meetings_upcoming": E(READ, NA_SIGNED_IN),
    "meetings:meeting_report": E(READ, NA_SIGNED_IN, kw={"pk": "meeting"}),
    "meetings:activity_report": E(READ, NA_SIGNED_IN),
    "meetings:activity_report_pdf": E(READ, NA_SIGNED_IN),
    # --- pages (portal pages are reference data of the national secretariat) -------------
    "pages:page_list": G(NATIONAL_ONLY, NA_SIGNED_IN),
    "pages:page_add": G(NATIONAL_ONLY, NATIONAL_ONLY),
    "pages:page": G(PUBLIC, NA, kw={"slug": "page.slug"}),
    "pages:page_edit": G(NATIONAL_ONLY, NATIONAL_ONLY, kw={"slug": "page.slug"}),
    # --- library -----------------------------------------------------------------------------
    "library:library": G(PUBLIC, NA),
    "library:document": E(PRIVATE, NA, kw={"pk": "document"}),
    "library:document[public]": E(PUBLIC, NA, kw={"pk": "public_document"}),
    "library:document_download": E(PRIVATE, NA, kw={"pk": "document"}),
    "library:document_download[public]": E(PUBLIC, NA, kw={"pk": "public_document"}),
    "library:document_version_download": E(
        PRIVATE, NA, kw={"pk": "document", "number": "version.number"}
    ),
    "library:document_version_download[public]": E(
        PUBLIC, NA, kw={"pk": "public_document", "number": "public_version.number"}
    ),
    "library:group_library": E(PUBLIC, NA),
    "library:add_document": E(MEMBER_WRITE, MEMBER_WRITE),
    "library:edit_document": E(WRITE, WRITE, kw={"pk": "document"}),
    "library:remove_document": E(WRITE, WRITE, kw={"pk": "document"}),
    "library:add_document_version": E(MEMBER_WRITE, MEMBER_WRITE, kw={"pk": "document"}),
    # --- knowledge ---------------------------------------------------------------------------
    "knowledge:articles": E(PUBLIC, NA),
    "knowledge:article_add": E(MEMBER_WRITE, MEMBER_WRITE),
    "knowledge:article": E(PRIVATE, NA, kw={"pk": "article"}),
    "knowledge:article[public]": E(PUBLIC, NA, kw={"pk": "public_article"}),
    # Members write and keep up the knowledge articles of their Pokja.
    "knowledge:article_edit": E(MEMBER_WRITE, MEMBER_WRITE, kw={"pk": "article"}),
    # --- news --------------------------------------------------------------------------------
    "news:news": G(PUBLIC, NA),
    "news:news_rss": G(PUBLIC, PUBLIC),
    "news:news_atom": G(PUBLIC, PUBLIC),
    "news:post": E(PUBLIC, NA, kw={"pk": "post"}),
    "news:post[draft]": E(PRIVATE, NA, kw={"pk": "draft_post"}),
    "news:post_image": E(PUBLIC, NA, kw={"pk": "post"}),
    "news:post_image[draft]": E(PRIVATE, NA, kw={"pk": "draft_post"}),
    "news:group_news": E(PUBLIC, NA),
    "news:group_news_rss": E(PUBLIC, PUBLIC),
    "news:post_add": E(WRITE, WRITE),
    "news:post_edit": E(WRITE, WRITE, kw={"pk": "post"}),
    "news:post_remove": E(WRITE, WRITE, kw={"pk": "draft_post"}),
    # --- search, activeness --------------------------------------------------------------------
    # Searches that match the internal document and article ("internal") and the draft post.
    "search:results": G(PUBLIC, NA, query="?q=internal"),
    "search:results[draft]": G(PUBLIC, NA, query="?q=draf"),
    "activeness:national": G(PUBLIC, NA),
    "activeness:province": province(PUBLIC, NA, kw={"code": "province"}),
    "activeness:group": E(PUBLIC, NA),
    # --- API ---------------------------------------------------------------------------------
    "api:root": G(API_PUBLIC, API_NA),
    "api:schema": G(API_PUBLIC, API_NA, roles=(VISITOR, MEMBER)),  # slow to build
    "api:docs": G(API_PUBLIC, API_NA),
    "api:explorer": G(API_PUBLIC, API_NA),
    "api_guide": G(PUBLIC, NA),  # the guide in English, /en/api/docs/
    "api:directory": G(API_PUBLIC, API_NA),
    "api:activeness": G(API_PUBLIC, API_NA),
    "api:activeness-detail": E(API_PUBLIC, API_NA),
    "api:rollup": G(API_PUBLIC, API_NA, query="?indicator=akses-air-layak&region=32"),
    "api:data-values-bulk": G(API_NA_SIGNED_IN, API_SIGNED_IN),
    "api:exchange-dhis2-export": G(API_PUBLIC, API_NA),
    "api:exchange-dhis2-import": G(API_NA_SIGNED_IN, API_SIGNED_IN),
    "api:exchange-sdmx-export": G(API_PUBLIC, API_NA),
    "api:exchange-sdmx-import": G(API_NA_SIGNED_IN, API_SIGNED_IN),
    "api:region-list": G(API_PUBLIC, API_NA),
    "api:region-detail": api_detail(API_PUBLIC, API_NA),
    "api:working-group-list": G(API_SIGNED_IN, API_NA_SIGNED_IN),
    "api:working-group-detail": api_detail(API_READ, API_WRITE),
    "api:institution-list": G(API_PUBLIC, API_NA),
    "api:institution-detail": api_detail(API_PUBLIC, API_NA, kw={"pk": "institution"}),
    "api:person-list": G(API_PUBLIC, API_NA),
    # Current members are public (name and office; contact details only within scope),
    # former ones are not.
    "api:person-detail": api_detail(API_PUBLIC, API_NA, kw={"pk": "person"}),
    "api:person-detail[former]": api_detail(
        API_PRIVATE, API_NA, kw={"pk": "handover.leaving.person"}
    ),
    "api:membership-list": G(API_PUBLIC, API_NA),
    "api:membership-detail": api_detail(API_PUBLIC, API_NA, kw={"pk": "membership"}),
    "api:membership-detail[former]": api_detail(API_PRIVATE, API_NA, kw={"pk": "handover.leaving"}),
    "api:membership-end": E(API_NA_SIGNED_IN, API_PUBLIC_WRITE, kw={"pk": "membership"}),
    "api:decree-list": G(API_SIGNED_IN, API_NA_SIGNED_IN),
    "api:decree-detail": api_detail(API_READ, API_NA_SIGNED_IN, kw={"pk": "decree"}),
    "api:formation-list": G(API_SIGNED_IN, API_NA_SIGNED_IN),
    "api:formation-detail": api_detail(API_READ, API_NA_SIGNED_IN),
    "api:indicator-list": G(API_PUBLIC, API_NA),
    "api:indicator-detail": api_detail(API_PUBLIC, API_NA, kw={"code": "indicator.code"}),
    "api:data-value-list": G(API_PUBLIC, API_NA),
    "api:data-value-detail": api_detail(API_PUBLIC, API_NA, kw={"pk": "data_value"}),
    "api:data-value-detail[draft]": api_detail(API_PRIVATE, API_NA, kw={"pk": "draft_value"}),
    "api:target-list": G(API_PUBLIC, API_NA),
    "api:target-detail": api_detail(API_PUBLIC, API_NA, kw={"pk": "target"}),
    "api:strategic-plan-list": G(API_SIGNED_IN, API_NA_SIGNED_IN),
    "api:strategic-plan-detail": api_detail(API_READ, API_NA_SIGNED_IN, kw={"pk": "plan"}),
    "api:work-plan-list": G(API_SIGNED_IN, API_NA_SIGNED_IN),
    "api:work-plan-detail": api_detail(API_READ, API_NA_SIGNED_IN, kw={"pk": "work_plan"}),
    "api:work-plan-realisation": E(API_NA_SIGNED_IN, API_WRITE, kw={"pk": "work_plan"}),
    "api:programme-list": G(API_PUBLIC, API_NA),
    "api:programme-detail": api_detail(API_PUBLIC, API_NA, kw={"pk": "programme"}),
    "api:facility-list": G(API_PUBLIC, API_NA),
    "api:facility-detail": api_detail(API_PUBLIC, API_NA, kw={"pk": "facility"}),
    "api:inspection-list": G(API_SIGNED_IN, API_SIGNED_IN),
    "api:inspection-detail": api_detail(API_READ, API_NA_SIGNED_IN, kw={"pk": "inspection"}),
    "api:meeting-list": G(API_SIGNED_IN, API_SIGNED_IN),
    "api:meeting-detail": api_detail(API_READ, API_WRITE, kw={"pk": "meeting"}),
    "api:meeting-attendance": E(API_NA_SIGNED_IN, API_MEMBER_WRITE, kw={"pk": "meeting"}),
    "api:meeting-decisions": E(API_NA_SIGNED_IN, API_WRITE, kw={"pk": "meeting"}),
    "api:decision-list": G(API_SIGNED_IN, API_NA_SIGNED_IN),
    "api:decision-detail": api_detail(API_READ, API_NA_SIGNED_IN, kw={"pk": "decision"}),
    "api:action-item-list": G(API_SIGNED_IN, API_SIGNED_IN),
    "api:action-item-detail": api_detail(API_READ, API_WRITE, kw={"pk": "action_item"}),
    "api:action-item-close": E(API_NA_SIGNED_IN, API_WRITE, kw={"pk": "action_item"}),
    "api:action-item-close[own]": E(
        API_NA_SIGNED_IN, API_MEMBER_WRITE, kw={"pk": "own_action_item"}
    ),
    "api:page-list": G(API_PUBLIC, API_NA),
    "api:page-detail": api_detail(API_PUBLIC, API_NA, kw={"slug": "page.slug"}),
    "api:news-list": G(API_PUBLIC, API_NA),
    "api:news-detail": api_detail(API_PUBLIC, API_NA, kw={"pk": "post"}),
    "api:news-detail[draft]": api_detail(API_PRIVATE, API_NA, kw={"pk": "draft_post"}),
    "api:article-list": G(API_PUBLIC, API_NA),
    "api:article-detail": api_detail(API_PUBLIC, API_NA, kw={"pk": "public_article"}),
    "api:article-detail[internal]": api_detail(API_PRIVATE, API_NA, kw={"pk": "article"}),
    "api:document-list": G(API_PUBLIC, API_NA),
    "api:document-detail": api_detail(API_PUBLIC, API_NA, kw={"pk": "public_document"}),
    "api:document-detail[internal]": api_detail(API_PRIVATE, API_NA, kw={"pk": "document"}),
}
