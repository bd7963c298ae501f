from django.db import transaction

from sinergi.programmes.models import Intake, Programme


@transaction.atomic
def do_record_intake(form) -> Intake:
    """Record the decision of a working group on a programme presented to it (a valid
    IntakeForm). A proposed programme that the registering group agrees to becomes agreed."""
    intake = form.save()
    programme = intake.programme
    if (
        programme.status == Programme.Status.PROPOSED
        and programme.registered_by_id == intake.working_group_id
        and intake.decision != Intake.Decision.REDIRECTED
    ):
        programme.status = Programme.Status.AGREED
        programme.save(update_fields=["status", "updated"])
    return intake
