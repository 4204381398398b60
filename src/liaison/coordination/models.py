"""A country's national working groups: who is in them, their log, meetings, actions and coordinated positions."""

from django.conf import settings
from django.db import models

# Longest texts a person may enter (the API schemas and the services apply the same bounds).
NAME_MAX = 200
DESCRIPTION_MAX = 5000
ROLE_MAX = 100
NOTE_MAX = 20000


class WorkingGroup(models.Model):
    """A national (biodiversity) working group of one country, managed by the country's focal points."""

    country = models.ForeignKey("catalogue.Country", on_delete=models.CASCADE, related_name="working_groups")
    name = models.CharField(max_length=NAME_MAX)
    description = models.TextField(max_length=DESCRIPTION_MAX, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["country__name", "name"]
        constraints = [models.UniqueConstraint(fields=["country", "name"], name="working_group_unique_name")]

    def __str__(self) -> str:
        return f"{self.name} ({self.country})"


class WorkingGroupMember(models.Model):
    """A person in a working group, with the role they hold in it (chair, CMS focal point, ministry expert...)."""

    group = models.ForeignKey(WorkingGroup, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="working_groups")
    role = models.CharField(max_length=ROLE_MAX, blank=True)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="+")
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["group", "user__last_name", "user__username"]
        constraints = [models.UniqueConstraint(fields=["group", "user"], name="working_group_member_unique")]


class WorkingGroupNote(models.Model):
    """One entry of a working group's log: a meeting's minutes or a note, dated by its author, linked (as an action
    is) to the mandates addressed to Parties, report sections and plan targets it is about."""

    group = models.ForeignKey(WorkingGroup, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="+")
    date = models.DateField()
    text = models.TextField(max_length=NOTE_MAX)
    # what the note is about, as an action's links (coordination.links): each among what its author may read
    mandates = models.ManyToManyField("decisions.Mandate", blank=True, related_name="+")
    sections = models.ManyToManyField("reporting.Section", blank=True, related_name="+")
    targets = models.ManyToManyField("frameworks.Target", blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["group", "-date", "-pk"]


# --- the group's work: meetings, actions, coordinated positions (issue 19, second slice) --------------------------

TITLE_MAX = 300
PLACE_MAX = 300
MINUTES_MAX = 50000
AGENDA_MAX = 50  # agenda items of one meeting
ITEM_MAX = 40  # an agenda item's number on the convention's agenda ("12.3", "Item 5 (b)")
POSITION_MAX = 20000
LINKS_MAX = 50  # mandates, sections, targets or decisions linked to one action or position


class GroupMeeting(models.Model):
    """A meeting of a working group: when, where (or online), its ordered agenda, its minutes and documents."""

    group = models.ForeignKey(WorkingGroup, on_delete=models.CASCADE, related_name="meetings")
    title = models.CharField(max_length=TITLE_MAX)
    date = models.DateField()
    place = models.CharField(max_length=PLACE_MAX, blank=True)
    online = models.BooleanField(default=False)
    minutes = models.TextField(max_length=MINUTES_MAX, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["group", "-date", "-pk"]

    def __str__(self) -> str:
        return f"{self.title} ({self.date:%Y-%m-%d})"


class AgendaItem(models.Model):
    """One item of a group meeting's agenda, in its order."""

    meeting = models.ForeignKey(GroupMeeting, on_delete=models.CASCADE, related_name="agenda")
    order = models.PositiveIntegerField()
    title = models.CharField(max_length=TITLE_MAX)

    class Meta:
        ordering = ["meeting", "order"]
        constraints = [models.UniqueConstraint(fields=["meeting", "order"], name="agenda_item_unique_order")]


class MeetingDocument(models.Model):
    """A document of a group meeting (agenda paper, presentation, signed minutes), served through a gateway."""

    KINDS = {"pdf": "application/pdf", "png": "image/png", "jpeg": "image/jpeg",
             "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
             "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
             "odt": "application/vnd.oasis.opendocument.text"}

    meeting = models.ForeignKey(GroupMeeting, on_delete=models.CASCADE, related_name="documents")
    file = models.FileField(upload_to="coordination/%Y/")
    kind = models.CharField(max_length=8, help_text="What the file's bytes are (core.filetypes).")
    name = models.CharField(max_length=200, help_text="The file's name as uploaded.")
    size = models.PositiveIntegerField()
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="+")
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["meeting", "pk"]


class GroupAction(models.Model):
    """Something a member of the group is to do by a deadline, linked to what it serves: mandates addressed to
    Parties, sections of national reports, targets of national (or global) plans."""

    OPEN, IN_PROGRESS, DONE, DROPPED = "open", "in_progress", "done", "dropped"
    STATUSES = [(OPEN, "Open"), (IN_PROGRESS, "In progress"), (DONE, "Done"), (DROPPED, "Dropped")]

    group = models.ForeignKey(WorkingGroup, on_delete=models.CASCADE, related_name="actions")
    title = models.CharField(max_length=TITLE_MAX)
    description = models.TextField(max_length=DESCRIPTION_MAX, blank=True)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+", help_text="A member of the group.")
    deadline = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=16, choices=STATUSES, default=OPEN, db_index=True)
    meeting = models.ForeignKey(GroupMeeting, null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="actions", help_text="The meeting that decided it.")
    mandates = models.ManyToManyField("decisions.Mandate", blank=True, related_name="+")
    sections = models.ManyToManyField("reporting.Section", blank=True, related_name="+")
    targets = models.ManyToManyField("frameworks.Target", blank=True, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["group", "deadline", "pk"]


class PositionBrief(models.Model):
    """The country's coordinated positions for one meeting of a convention (a COP, a Standing Committee...),
    drafted by the group, item by item of that meeting's agenda; exported as the delegation's briefing note."""

    group = models.ForeignKey(WorkingGroup, on_delete=models.CASCADE, related_name="briefs")
    convention = models.ForeignKey("catalogue.Convention", on_delete=models.PROTECT, related_name="+")
    meeting = models.CharField(max_length=TITLE_MAX, help_text='The convention\'s meeting, e.g. "CMS COP15".')
    starts = models.DateField(null=True, blank=True)
    place = models.CharField(max_length=PLACE_MAX, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["group", "-starts", "-pk"]

    def __str__(self) -> str:
        return self.meeting

    @property
    def meeting_short(self) -> str:
        """The meeting without its convention's acronym in front ("CMS COP15" -> "COP15"), for titles that name the
        convention already."""
        acronym = self.convention.acronym
        if self.meeting.upper().startswith(acronym.upper() + " ") and len(self.meeting) > len(acronym) + 1:
            return self.meeting[len(acronym) + 1:].lstrip()
        return self.meeting


class Position(models.Model):
    """The country's position on one item of a convention meeting's agenda, with the decisions it rests on."""

    brief = models.ForeignKey(PositionBrief, on_delete=models.CASCADE, related_name="positions")
    order = models.PositiveIntegerField(default=0)
    agenda_item = models.CharField(max_length=ITEM_MAX)
    title = models.CharField(max_length=TITLE_MAX)
    text = models.TextField(max_length=POSITION_MAX, blank=True)
    decisions = models.ManyToManyField("decisions.Decision", blank=True, related_name="+")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["brief", "order", "pk"]
        constraints = [models.UniqueConstraint(fields=["brief", "agenda_item"], name="position_unique_item")]
