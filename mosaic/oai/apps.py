from django.apps import AppConfig
from django.core import checks
from django.utils.translation import gettext_lazy as _


class OaiConfig(AppConfig):
    name = "mosaic.oai"
    label = "oai"
    verbose_name = _("OAI-PMH harvesting")

    def ready(self):
        from django.db.models.signals import post_migrate

        from mosaic.oai import signals  # noqa: F401  (labels that records show but no document save carries)
        from mosaic.oai.ledger import catch_up_after_migrate

        post_migrate.connect(catch_up_after_migrate, sender=self, dispatch_uid="oai-catch-up-after-migrate")
        checks.register(check_settings)


def check_settings(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """Settings OAI-PMH harvesters would otherwise meet as invalid responses."""
    from django.conf import settings

    from mosaic.oai.protocol import EMAIL, REPOSITORY_IDENTIFIER

    problems = []
    identifier = settings.MOSAIC_OAI_REPOSITORY_IDENTIFIER
    if identifier and not REPOSITORY_IDENTIFIER.match(identifier):
        problems.append(checks.Error(
            f"MOSAIC_OAI_REPOSITORY_IDENTIFIER is {identifier!r}: write a domain name whose parts start with a letter "
            "(archive.example.org)", id="oai.E001"))
    email = settings.MOSAIC_OAI_ADMIN_EMAIL
    if email and not EMAIL.match(email):
        problems.append(checks.Error(f"MOSAIC_OAI_ADMIN_EMAIL is {email!r}: write an address like archivist@example.org",
                                     id="oai.E002"))
    if settings.MOSAIC_OAI_PAGE_SIZE < 1:
        problems.append(checks.Error(f"MOSAIC_OAI_PAGE_SIZE is {settings.MOSAIC_OAI_PAGE_SIZE}: write 1 or more",
                                     id="oai.E003"))
    if settings.MOSAIC_OAI_TOKEN_SECONDS < 60:
        problems.append(checks.Error(f"MOSAIC_OAI_TOKEN_SECONDS is {settings.MOSAIC_OAI_TOKEN_SECONDS}: a harvester "
                                     "needs at least 60 seconds to ask for the next page", id="oai.E004"))
    return problems
