from django.contrib.auth import get_user_model
from django.core.management.base import CommandError, CommandParser

from helhedsplan.api.models import ApiToken
from helhedsplan.core.commands import BaseCommand, print_json


class Command(BaseCommand):
    help = "API-nøgler: opret (nøglen vises kun én gang), spær og vis."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(
            dest="action", required=True, metavar="{create,revoke,list}"
        )
        create = actions.add_parser("create", help="Opret en nøgle til en bruger.")
        create.add_argument("username")
        create.add_argument("--name", required=True, help="Hvad nøglen bruges til.")
        create.add_argument("--json", action="store_true", dest="as_json")
        revoke = actions.add_parser("revoke", help="Spær en nøgle (den kan ikke åbnes igen).")
        revoke.add_argument("token_id", metavar="ID", type=int)
        listing = actions.add_parser("list", help="Vis nøglerne (aldrig selve nøglen).")
        listing.add_argument("--user", dest="username")
        listing.add_argument("--json", action="store_true", dest="as_json")

    def handle(self, *args, action: str, **options):
        getattr(self, f"_{action}")(**options)

    def _create(self, *, username: str, name: str, as_json: bool, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"Der er ingen bruger med brugernavnet «{username}».")
        if not user.is_active:
            raise CommandError(f"Brugeren «{username}» er deaktiveret.")
        name = name.strip()
        if not name or len(name) > 100:
            raise CommandError("Giv nøglen et navn på 1-100 tegn (--name).")
        api_token, token = ApiToken.objects.issue(user=user, name=name)
        if as_json:
            print_json(self, {"id": api_token.id, "user": username, "name": name, "token": token})
            return
        self.stdout.write(f"API-nøgle {api_token.id} ({name}) til {username}:")
        self.stdout.write(token)
        self.stdout.write(
            "Gem den nu: den vises ikke igen. Send den som «Authorization: Bearer …»."
        )

    def _revoke(self, *, token_id: int, **options):
        api_token = ApiToken.objects.filter(id=token_id).select_related("user").first()
        if api_token is None:
            raise CommandError(f"Der er ingen API-nøgle med id {token_id}.")
        if api_token.revoked:
            self.stdout.write(f"API-nøgle {token_id} ({api_token.name}) var allerede spærret.")
            return
        ApiToken.objects.filter(id=token_id).update(revoked=True)
        self.stdout.write(f"API-nøgle {token_id} ({api_token.name}, {api_token.user}) er spærret.")

    def _list(self, *, username: str | None, as_json: bool, **options):
        tokens = ApiToken.objects.select_related("user").order_by("id")
        if username:
            tokens = tokens.filter(user__username=username)
        rows = [
            {
                "id": t.id,
                "user": t.user.username,
                "name": t.name,
                "created_at": t.created_at.isoformat(),
                "last_used_at": t.last_used_at.isoformat() if t.last_used_at else None,
                "revoked": t.revoked,
            }
            for t in tokens
        ]
        if as_json:
            print_json(self, rows)
            return
        for row in rows:
            state = "spærret" if row["revoked"] else "aktiv"
            used = row["last_used_at"] or "aldrig brugt"
            self.stdout.write(
                f"{row['id']:>4}  {row['user']:<14} {row['name']:<30} {state:<8} {used}"
            )
