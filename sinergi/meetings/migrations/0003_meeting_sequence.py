"""Meeting.sequence: the iCalendar SEQUENCE of a meeting, raised at each change of its time or
place and at its cancellation, so that invitees' calendars replace the event they hold."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0002_calendar_feed_token_hash"),
    ]

    operations = [
        migrations.AddField(
            model_name="meeting",
            name="sequence",
            field=models.PositiveIntegerField(default=0, editable=False, verbose_name="revision"),
        ),
    ]
