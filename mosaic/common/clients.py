"""Who is asking, without keeping who they are: the one way Mosaic counts readers for throttling."""
from axes.helpers import get_client_ip_address
from django.utils.crypto import salted_hmac


def client_address(request) -> str:
    # The address django-axes uses for login throttling, so one setting (AXES_CLIENT_IP_CALLABLE)
    # governs every throttle when the archive sits behind a proxy.
    return get_client_ip_address(request) or ""


def client_hash(request, purpose: str) -> str:
    """HMAC-SHA256 of the client address, keyed with SECRET_KEY and the purpose: the address
    itself is never stored, and hashes cannot be matched across features or reversed by trying
    every address."""
    return salted_hmac(f"mosaic.{purpose}.client-address", client_address(request), algorithm="sha256").hexdigest()
