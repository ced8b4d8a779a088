from django.conf import settings
from django.core.management.base import CommandError, CommandParser
from django.utils import timezone

from helhedsplan.accounts import invitations
from helhedsplan.accounts.models import Role
from helhedsplan.core.commands import BaseCommand, print_json
from helhedsplan.core.formats import datetime_short
from helhedsplan.plans.models import Activity, Organisation, Plan


class Command(BaseCommand):
    help = (
        "Invitér en person til en plan: udskriver et link (én gang, gyldigt i "
        "HELHEDSPLAN_INVITATION_DAYS dage), som også sendes på e-mail, når EMAIL_HOST er sat."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email", help="Personens e-mail; den bliver brugernavnet.")
        parser.add_argument("--plan", required=True, dest="slug", help="Planens korte navn.")
        parser.add_argument("--role", required=True, help=f"Rollen: {', '.join(Role.values)}.")
        parser.add_argument(
            "--organisation",
            dest="organisation",
            help="Organisationens nøgle i planfilen (skal angives for en partner).",
        )
        parser.add_argument(
            "--activity",
            dest="activities",
            action="append",
            default=[],
            metavar="KEY",
            help="En aktivitet, partneren også leverer data for (kan gentages).",
        )
        parser.add_argument("--json", action="store_true", dest="as_json")

    def handle(self, *args, email, slug, role, organisation, activities, as_json, **options):
        plan = Plan.objects.filter(slug=slug).first()
        if plan is None:
            raise CommandError(f"Der er ingen plan med det korte navn «{slug}».")
        if role not in Role.values:
            raise CommandError(
                f"Rollen «{role}» findes ikke. Vælg en af: {', '.join(Role.values)}."
            )
        org = None
        if organisation:
            org = Organisation.objects.for_plan(plan).filter(key=organisation).first()
            if org is None:
                raise CommandError(
                    f"Planen {plan.name} har ingen organisation med nøglen «{organisation}»."
                )
        chosen = []
        for key in activities:
            activity = Activity.objects.for_plan(plan).filter(key=key).first()
            if activity is None:
                raise CommandError(f"Planen {plan.name} har ingen aktivitet med nøglen «{key}».")
            chosen.append(activity)
        try:
            invited = invitations.invite(
                plan=plan, email=email, role=role, organisation=org, activities=chosen
            )
        except invitations.AccessError as error:
            raise CommandError(error.message) from error
        invitation = invited.invitation
        expires = timezone.localtime(invitation.expires_at)
        if as_json:
            print_json(
                self,
                {
                    "email": invitation.email,
                    "plan": plan.slug,
                    "role": invitation.role,
                    "organisation": org.key if org else None,
                    "activities": [activity.key for activity in chosen],
                    "link": invited.link,
                    "expires_at": expires.isoformat(),
                    "emailed": invited.emailed,
                    "mail_error": invited.mail_error or None,
                },
            )
        else:
            self.stdout.write(
                f"Invitation til {invitation.email} som {invitation.role_label} i {plan.name}:"
            )
            self.stdout.write(invited.link)
            self.stdout.write(
                f"Linket virker én gang og udløber {datetime_short(expires)}. Det vises ikke igen."
            )
            if invited.emailed:
                self.stdout.write(f"Linket er sendt på e-mail til {invitation.email}.")
            elif invited.mail_error:
                self.stderr.write(
                    f"E-mailen kunne ikke sendes ({invited.mail_error}); send selv linket."
                )
            elif not settings.EMAIL_HOST:
                self.stdout.write("Der er ikke sat e-mail op (EMAIL_HOST): send selv linket.")
        if invited.mail_error:
            # The invitation exists and the link is printed, but a script should notice.
            raise CommandError("E-mailen blev ikke sendt.")
