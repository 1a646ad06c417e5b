from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "mosaic.accounts"
    label = "accounts"
    verbose_name = "Reader accounts"
