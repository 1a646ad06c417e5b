import getpass

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from mosaic.curation.roles import ROLES, grant, roles_of, sync_roles


class Command(BaseCommand):
    help = (
        "Staff roles. `mosaic roles list`; `mosaic roles sync` (create the groups and their permissions); "
        "`mosaic roles grant USERNAME ROLE [--create]` (adds the role; --create makes the account, asking for a password); "
        "`mosaic roles revoke USERNAME ROLE`; `mosaic roles users`."
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("list", help="The roles and what each may do.")
        sub.add_parser("sync", help="Create the role groups and set their permissions.")
        sub.add_parser("users", help="Staff accounts and their roles.")
        for name in ("grant", "revoke"):
            action = sub.add_parser(name)
            action.add_argument("username")
            action.add_argument("role", choices=[r.lower() for r in ROLES])
            if name == "grant":
                action.add_argument("--create", action="store_true", help="create the account if it does not exist")
                action.add_argument("--email", default="")

    def handle(self, *args, action, **options):
        getattr(self, action)(**options)

    def list(self, **options):
        for role, spec in ROLES.items():
            self.stdout.write(f"{role}{' (staff)' if spec['staff'] else ''}: {spec['description']}")

    def sync(self, **options):
        counts = sync_roles()
        self.stdout.write(", ".join(f"{role}: {count} permissions" for role, count in counts.items()))

    def users(self, **options):
        for user in get_user_model().objects.order_by("username"):
            roles = roles_of(user) + (["superuser"] if user.is_superuser else [])
            self.stdout.write(f"{user.username}\t{', '.join(roles) or '-'}\t{'active' if user.is_active else 'inactive'}")

    def _role(self, role: str) -> str:
        return next(name for name in ROLES if name.lower() == role)

    def grant(self, username, role, create=False, email="", **options):
        sync_roles()
        User = get_user_model()
        user = User.objects.filter(username=username).first()
        if user is None:
            if not create:
                raise CommandError(f"No account “{username}”. Add --create to make it.")
            user = User(username=username, email=email)
            password = getpass.getpass(f"Password for {username}: ")
            try:
                validate_password(password, user)
            except ValidationError as error:
                raise CommandError("Password refused: " + " ".join(error.messages))
            user.set_password(password)
            user.save()
        grant(user, self._role(role))
        self.stdout.write(f"{username} is now: {', '.join(roles_of(user))}.")

    def revoke(self, username, role, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No account “{username}”.")
        user.groups.remove(*user.groups.filter(name=self._role(role)))
        if not roles_of(user) and not user.is_superuser:
            user.is_staff = False
            user.save(update_fields=["is_staff"])
        self.stdout.write(f"{username} is now: {', '.join(roles_of(user)) or 'no role'}.")
