"""The handover pack: one PDF with what a successor needs to take over a position.

The pack is a list of sections. A section is a function that takes the `Pack` and returns its
flowables, or an empty list to leave itself out; an app that adds something the successor must
know (plan targets, meeting decisions) adds one function to `SECTIONS`. A section reads the
database with at most one or two queries of its own, so the pack costs the same for any roster.

The PDF is laid out with `sinergi.lib.pdf` (font, styles, building blocks, footer).
"""

from dataclasses import dataclass, field
from datetime import date

from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Spacer, Table, TableStyle

from sinergi.decrees.models import Decree, decree_in_force, latest_decree
from sinergi.knowledge.handover import knowledge_section
from sinergi.lib import pdf
from sinergi.meetings.handover import action_items_section
from sinergi.pokja.models import Handover, Membership, WorkingGroup


def _label(model, name: str) -> str:
    return capfirst(str(model._meta.get_field(name).verbose_name))


@dataclass
class Pack(pdf.Blocks):
    """What every section reads; the building blocks (`heading()`, `facts()`, …) that give the
    sections one look come from `sinergi.lib.pdf.Blocks`."""

    handover: Handover
    group: WorkingGroup
    today: date
    styles: dict[str, ParagraphStyle] = field(default_factory=pdf.paragraph_styles)


def working_group_section(pack: Pack) -> list:
    group = pack.group
    rows = [
        (_label(WorkingGroup, "name"), group.name),
        (_label(WorkingGroup, "kind"), group.get_kind_display()),
        (_label(WorkingGroup, "region"), f"{group.region.name} ({group.region.code})"),
        (_label(WorkingGroup, "secretariat_address"), group.secretariat_address),
    ]
    if group.contact_institution:
        rows.append((_label(WorkingGroup, "contact_institution"), group.contact_institution.name))
    if group.email or group.phone:
        rows.append((_("Office contact"), " · ".join(filter(None, [group.email, group.phone]))))
    # The same words as the home page, so both speak with one voice and share translations.
    return [
        pack.heading(_("The working group")),
        pack.facts(rows),
        pack.subheading(_("What a Pokja AMPL is")),
        pack.labelled(
            _("What it is for"),
            _(
                "It steers every activity toward the water and sanitation targets, brings all "
                "parties together to coordinate, and is the door through which external "
                "programmes and projects enter the region, so that funds are used well and "
                "built facilities keep working."
            ),
        ),
        pack.labelled(
            _("When it is useful"),
            _(
                "Only when it is truly active in three roles: coordination (preparation, "
                "planning and implementation), communication and advocacy, and monitoring and "
                "evaluation. Its legal base is a decree of the governor, regent or mayor, "
                "renewed every year."
            ),
        ),
    ]


def decree_section(pack: Pack) -> list:
    decrees = list(Decree.objects.filter(working_group=pack.group))
    decree = decree_in_force(decrees, pack.today) or latest_decree(decrees)
    flowables = [pack.heading(_("The current decree"))]
    if decree is None:
        flowables.append(
            pack.paragraph(
                _(
                    "%(name)s has no decree recorded in Sinergi. A working group needs a decree "
                    "of the governor, regent or mayor, renewed every year; ask the secretariat."
                )
                % {"name": pack.group.name}
            )
        )
        return flowables
    if decree.status_on(pack.today) == Decree.Status.VALID:
        status = _("Valid today. It ends on %(end)s.") % {"end": pack.date(decree.valid_until)}
    elif decree.status_on(pack.today) == Decree.Status.EXPIRING:
        days = (decree.valid_until - pack.today).days
        status = ngettext(
            "Valid today. It ends on %(end)s, in %(days)d day: ask the secretariat about its "
            "renewal.",
            "Valid today. It ends on %(end)s, in %(days)d days: ask the secretariat about its "
            "renewal.",
            days,
        ) % {"end": pack.date(decree.valid_until), "days": days}
    elif decree.valid_from > pack.today:
        status = _("Not yet in force: no decree is valid today.")
    else:
        status = _(
            "EXPIRED: no decree is valid today. A working group needs a new decree every year; "
            "ask the secretariat about its renewal."
        )
    rows = [(_label(Decree, "number"), decree.number)]
    if decree.title:
        rows.append((_label(Decree, "title"), decree.title))
    rows += [
        (_label(Decree, "signatory"), decree.signatory),
        (_label(Decree, "signed_on"), pack.date(decree.signed_on)),
        (
            _("Validity"),
            _("%(start)s to %(end)s")
            % {"start": pack.date(decree.valid_from), "end": pack.date(decree.valid_until)},
        ),
        (_("Status"), status),
    ]
    flowables.append(pack.facts(rows))
    return flowables


def position_section(pack: Pack) -> list:
    successor = pack.handover.successor
    membership = successor or pack.handover.leaving
    person = membership.person
    if successor:
        flowables = [pack.heading(_("Your position and duties"))]
        holder = (_("Successor"), person.full_name)
        since = (_label(Membership, "started_on"), pack.date(membership.started_on))
    else:
        flowables = [
            pack.heading(_("The position and its duties")),
            pack.paragraph(
                _("This is the position as %(name)s held it, until a successor is named.")
                % {"name": person.full_name},
                "muted",
            ),
        ]
        holder = (_("Held by"), person.full_name)
        since = (_("Held since"), pack.date(membership.started_on))
    rows = [
        holder,
        (_label(Membership, "position"), membership.get_position_display()),
        (_label(Membership, "field"), membership.get_field_display()),
        (
            _label(Membership, "institution"),
            membership.institution.name if membership.institution else "",
        ),
        since,
    ]
    if successor and person.job_title:
        rows.insert(1, (_("Position in the institution"), person.job_title))
    flowables += [
        pack.facts(rows),
        pack.subheading(_label(Membership, "duties")),
        pack.notes(membership.duties),
    ]
    return flowables


def handover_section(pack: Pack) -> list:
    handover = pack.handover
    leaving = handover.leaving
    successor = handover.successor
    if successor:
        taking_over = _("%(name)s, from %(date)s") % {
            "name": successor.person.full_name,
            "date": pack.date(successor.started_on),
        }
    else:
        taking_over = _("Not named yet")
    rows = [
        (
            _("Leaving member"),
            f"{leaving.person.full_name} · {leaving.get_position_display()}",
        ),
        (_("Last day"), pack.date(leaving.ended_on)),
        (_label(Membership, "end_reason"), leaving.get_end_reason_display()),
        (_("Successor"), taking_over),
    ]
    flowables = [pack.heading(_("The handover")), pack.facts(rows)]
    for name in ["notes", "open_items", "documents", "key_contacts"]:
        flowables += [pack.subheading(_label(Handover, name)), pack.notes(getattr(handover, name))]
    return flowables


def roster_section(pack: Pack) -> list:
    """The roster on the day of printing, without anyone's personal e-mail or phone: the pack
    is printed and passed around."""
    memberships = (
        Membership.objects.filter(working_group=pack.group)
        .active_on(pack.today)
        .select_related("person", "institution")
    )
    order = {value: i for i, value in enumerate(Membership.Position.values)}
    memberships = sorted(memberships, key=lambda m: (order[m.position], m.person.full_name))
    flowables = [
        pack.heading(_("Roster on %(date)s") % {"date": pack.date(pack.today)}),
    ]
    if not memberships:
        flowables.append(pack.paragraph(_("No one is in the roster today."), "muted"))
        return flowables
    labels = [
        _label(Membership, "position"),
        _("Name"),
        _label(Membership, "institution"),
        _label(Membership, "field"),
    ]
    rows = [[pdf.Paragraph(pdf.markup(label), pack.styles["head"]) for label in labels]]
    style = [
        ("FONTNAME", (0, 0), (-1, -1), pdf.FONT),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("BACKGROUND", (0, 0), (-1, 0), pdf.SHADE),
        ("LINEBELOW", (0, 0), (-1, 0), 0.8, pdf.ACCENT),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
    ]
    previous = memberships[0].position
    for row, membership in enumerate(memberships, start=1):
        name = pdf.markup(membership.person.full_name)
        if membership.is_knowledge_holder:
            name += f"<br/><i>{pdf.markup(_label(Membership, 'is_knowledge_holder'))}</i>"
        if membership.position != previous:  # a rule between the groups of one position
            style.append(("LINEABOVE", (0, row), (-1, row), 0.6, pdf.RULE))
            previous = membership.position
        if membership == pack.handover.successor:
            style.append(("BACKGROUND", (0, row), (-1, row), pdf.SHADE))
        institution = membership.institution.name if membership.institution else ""
        rows.append(
            [
                pack.paragraph(membership.get_position_display(), "cell"),
                pdf.Paragraph(name, pack.styles["cell"]),
                pack.paragraph(institution or "—", "cell"),
                pack.paragraph(membership.get_field_display() or "—", "cell"),
            ]
        )
    widths = [36 * mm, 46 * mm, 54 * mm, pdf.WIDTH - 136 * mm]
    table = Table(rows, colWidths=widths, repeatRows=1, hAlign="LEFT")
    table.setStyle(TableStyle(style))
    flowables.append(table)
    return flowables


# In reading order. A later section (plan targets, meeting decisions) is one function here.
SECTIONS = [
    working_group_section,
    decree_section,
    position_section,
    handover_section,
    action_items_section,
    knowledge_section,
    roster_section,
]


def pack_handovers():
    """Handovers with every relation the pack reads, so that loading one costs one query."""
    return Handover.objects.select_related(
        "leaving__person",
        "leaving__institution",
        "leaving__working_group__region",
        "leaving__working_group__contact_institution",
        "successor__person",
        "successor__institution",
    )


def _title(pack: Pack) -> list:
    leaving = pack.handover.leaving
    successor = pack.handover.successor
    if successor:
        line = _("For %(successor)s, who takes over from %(leaving)s.") % {
            "successor": successor.person.full_name,
            "leaving": leaving.person.full_name,
        }
    else:
        line = _("%(leaving)s is leaving this position; no successor has been named yet.") % {
            "leaving": leaving.person.full_name
        }
    # A name may end with a period ("Asep Hidayat, S.T., M.T."): end the sentence only once.
    if line.endswith(".."):
        line = line[:-1]
    return [
        pack.paragraph(_("Handover pack"), "title"),
        pack.paragraph(f"{leaving.get_position_display()} · {pack.group.name}", "subtitle"),
        Spacer(1, 2 * mm),
        pack.paragraph(line, "muted"),
    ]


def build_handover_pack(handover, *, today=None, invariant=False, compress=True) -> bytes:
    """The handover pack of `handover` as the bytes of an A4 PDF, in the active language.

    Load `handover` through `pack_handovers()`. `invariant=True, compress=False` give the same
    bytes on every run, with the text readable in them, for tests.
    """
    pack = Pack(
        handover=handover,
        group=handover.leaving.working_group,
        today=today or timezone.localdate(),
    )
    story = _title(pack)
    for section in SECTIONS:
        story += section(pack)
    return pdf.build_pdf(
        story,
        title=f"{_('Handover pack')} · {pack.group.name}",
        footer=pdf.page_footer(pack.group.name, pack.today),
        invariant=invariant,
        compress=compress,
    )
